using System.Diagnostics.CodeAnalysis;
using LlmObserve.Data.Entities;

namespace LlmObserve.Integrations.Formats;

/// <summary>The export formats by name (<see cref="ExportFormats"/>).</summary>
public static class FindingFormatters
{
    private static readonly Dictionary<string, IFindingFormatter> ByName = new(StringComparer.Ordinal)
    {
        [ExportFormats.Ocsf] = new OcsfFormatter(),
        [ExportFormats.Falco] = new FalcoFormatter(),
        [ExportFormats.Cef] = new CefFormatter(),
    };

    /// <summary>Every format, in the order of <see cref="ExportFormats.All"/>.</summary>
    public static IReadOnlyList<IFindingFormatter> All { get; } = [.. ExportFormats.All.Select(name => ByName[name])];

    /// <summary>The formatter of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="ExportFormats.All"/>.</exception>
    public static IFindingFormatter For(string name) =>
        TryGet(name, out var formatter)
            ? formatter
            : throw new ArgumentException(
                $"Unknown export format '{name}'; expected one of: {string.Join(", ", ExportFormats.All)}.", nameof(name));

    /// <summary>The formatter of <paramref name="name"/> (exact, lower-case), if there is one.</summary>
    public static bool TryGet(string? name, [NotNullWhen(true)] out IFindingFormatter? formatter)
    {
        formatter = null;
        return name is not null && ByName.TryGetValue(name, out formatter);
    }
}
