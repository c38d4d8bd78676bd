using Microsoft.AspNetCore.Antiforgery;

namespace LlmObserve.Web.Identity;

/// <summary>
/// Binds every form's antiforgery token to the tenant the page was drawn for. The cookie holds one tenant
/// for all tabs: after a switch in another tab, a form still showing the old tenant would otherwise act on
/// the new one (disable its rule, create its key). Such a post now fails antiforgery validation (400).
/// </summary>
internal sealed class TenantBoundAntiforgery : IAntiforgeryAdditionalDataProvider
{
    public string GetAdditionalData(HttpContext context) => TenantOf(context);

    public bool ValidateAdditionalData(HttpContext context, string additionalData) =>
        string.Equals(additionalData, TenantOf(context), StringComparison.Ordinal);

    private static string TenantOf(HttpContext context) => ConsoleTenantContext.TenantOf(context.User)?.ToString() ?? "";
}
