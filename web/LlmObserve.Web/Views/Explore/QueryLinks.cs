using Microsoft.AspNetCore.WebUtilities;

namespace LlmObserve.Web.Views.Explore;

/// <summary>Links to a list page that keep its filters: empty parameters are left out, the rest are escaped.</summary>
public static class QueryLinks
{
    public static string Build(string path, IEnumerable<KeyValuePair<string, string?>> parameters) =>
        QueryHelpers.AddQueryString(path, parameters.Where(p => !string.IsNullOrEmpty(p.Value)));
}
