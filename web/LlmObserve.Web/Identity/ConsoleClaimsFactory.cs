using System.Security.Claims;
using LlmObserve.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmObserve.Web.Identity;

/// <summary>Claims the console adds to a signed-in user: the tenant acted for, its name, the role in it, and all memberships.</summary>
public static class ConsoleClaims
{
    public const string TenantId = "llmo:tenant";
    public const string TenantName = "llmo:tenant_name";

    /// <summary>One per membership: <c>tenant id|tenant name|role</c>, for the tenant switcher.</summary>
    public const string Membership = "llmo:membership";
}

/// <summary>
/// The one place that decides which tenant a console user acts for and with which role: the user's
/// current tenant when still a member, else the first membership by name, else none (the user sees
/// nothing). Identity runs it at sign-in, on a tenant switch and at every security stamp check, so a
/// removed membership takes effect within <see cref="ConsoleAuthentication.RevalidateEvery"/>.
/// </summary>
public sealed class ConsoleClaimsFactory(
    UserManager<ConsoleUser> users, IOptions<IdentityOptions> options, ConsoleIdentityDbContext identity, LlmObserveDbContext data)
    : UserClaimsPrincipalFactory<ConsoleUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ConsoleUser user)
    {
        var claims = await base.GenerateClaimsAsync(user);
        var memberships = await identity.Memberships.AsNoTracking().Where(m => m.UserId == user.Id).ToListAsync();
        var tenantIds = memberships.Select(m => m.TenantId).ToList();
        var names = await data.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.Name);
        var ordered = memberships.Where(m => names.ContainsKey(m.TenantId))
            .OrderBy(m => names[m.TenantId], StringComparer.Ordinal).ToList();
        foreach (var m in ordered)
        {
            claims.AddClaim(new Claim(ConsoleClaims.Membership, $"{m.TenantId}|{m.Role}|{names[m.TenantId]}"));
        }

        var current = ordered.Find(m => m.TenantId == user.CurrentTenantId) ?? ordered.FirstOrDefault();
        if (current is not null)
        {
            claims.AddClaim(new Claim(ConsoleClaims.TenantId, current.TenantId.ToString()));
            claims.AddClaim(new Claim(ConsoleClaims.TenantName, names[current.TenantId]));
            claims.AddClaim(new Claim(ClaimTypes.Role, current.Role));
        }

        return claims;
    }
}
