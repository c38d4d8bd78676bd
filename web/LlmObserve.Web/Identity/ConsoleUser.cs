using Microsoft.AspNetCore.Identity;

namespace LlmObserve.Web.Identity;

/// <summary>
/// A person who signs in to the console. The password hash, lockout and security stamp are
/// ASP.NET Core Identity's; what the user may see is in <see cref="TenantMembership"/> rows.
/// </summary>
public sealed class ConsoleUser : IdentityUser<Guid>
{
    /// <summary>The tenant the user last switched to; the first membership when it is no longer one.</summary>
    public Guid? CurrentTenantId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A user's role in one tenant. A user may belong to several tenants, with one role in each.</summary>
public sealed class TenantMembership
{
    public Guid UserId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>One of <see cref="ConsoleRoles.All"/>.</summary>
    public required string Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// What a member of a tenant may do. Viewers read; analysts also change rules; admins also manage
/// the fleet (clusters, enrollment tokens, nodes), API keys and read the audit log.
/// </summary>
public static class ConsoleRoles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Analyst, Viewer];

    /// <summary>Authorization policy: admins only.</summary>
    public const string AdminPolicy = "console-admin";

    /// <summary>Authorization policy: analysts and admins (rule changes).</summary>
    public const string AnalystPolicy = "console-analyst";
}
