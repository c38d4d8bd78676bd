using System.Reflection;
using LlmObserve.Contracts.Findings;

namespace LlmObserve.Web.Views.Explore;

/// <summary>The category names of <see cref="FindingCategory"/>, read from its constants so a new category appears in the filter by itself.</summary>
public static class FindingCategories
{
    public static IReadOnlyList<string> All { get; } =
        [.. typeof(FindingCategory).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)];

    public static bool IsKnown(string category) => All.Contains(category, StringComparer.Ordinal);
}
