using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LlmObserve.Web.Identity;

/// <summary>Sign-in for the console: ASP.NET Core Identity with a cookie, lockout, and role policies per tenant.</summary>
internal static class ConsoleAuthentication
{
    /// <summary>How often a signed-in user's claims are rebuilt from the database (removed memberships, a new password).</summary>
    public static readonly TimeSpan RevalidateEvery = TimeSpan.FromMinutes(1);

    public const int MaxFailedSignIns = 5;

    public static readonly TimeSpan LockoutFor = TimeSpan.FromMinutes(15);

    /// <summary>The sign-in page's one answer to every refusal (unknown e-mail, wrong password, locked account).</summary>
    public const string SignInRefused = "Wrong e-mail or password. After 5 failed attempts an account is locked for 15 minutes.";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<ConsoleUser>(ConfigureIdentity)
            .AddEntityFrameworkStores<ConsoleIdentityDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ConsoleClaimsFactory>()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = RevalidateEvery;
            o.OnRefreshingPrincipal = KeepSessionTenant;
        });
        services.AddSingleton<IAntiforgeryAdditionalDataProvider, TenantBoundAntiforgery>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "llmo_console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
        });

        // Every page needs a signed-in user unless it says otherwise ([AllowAnonymous] on the sign-in page).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ConsoleRoles.AdminPolicy, p => p.RequireRole(ConsoleRoles.Admin))
            .AddPolicy(ConsoleRoles.AnalystPolicy, p => p.RequireRole(ConsoleRoles.Admin, ConsoleRoles.Analyst));
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>
    /// The periodic claims refresh keeps the tenant this session chose (while the user is still a member of it):
    /// a switch on another device changes the user's default, not this session's tenant.
    /// </summary>
    private static Task KeepSessionTenant(SecurityStampRefreshingPrincipalContext context)
    {
        var chosen = context.CurrentPrincipal?.FindFirst(ConsoleClaims.TenantId)?.Value;
        if (chosen is null || context.NewPrincipal?.Identity is not ClaimsIdentity identity
            || identity.FindFirst(ConsoleClaims.TenantId)?.Value == chosen)
        {
            return Task.CompletedTask;
        }

        var membership = identity.FindAll(ConsoleClaims.Membership).Select(c => c.Value.Split('|', 3))
            .FirstOrDefault(p => p.Length == 3 && p[0] == chosen);
        if (membership is null)
        {
            return Task.CompletedTask; // no longer a member there: the refreshed default stands
        }

        foreach (var type in (string[])[ConsoleClaims.TenantId, ConsoleClaims.TenantName, identity.RoleClaimType])
        {
            foreach (var claim in identity.FindAll(type).ToList())
            {
                identity.RemoveClaim(claim);
            }
        }

        identity.AddClaim(new Claim(ConsoleClaims.TenantId, membership[0]));
        identity.AddClaim(new Claim(ConsoleClaims.TenantName, membership[2]));
        identity.AddClaim(new Claim(identity.RoleClaimType, membership[1]));
        return Task.CompletedTask;
    }

    /// <summary>Password and lockout rules, the same for the console and the <c>users</c> command.</summary>
    public static void ConfigureIdentity(IdentityOptions o)
    {
        o.User.RequireUniqueEmail = true;
        o.Password.RequiredLength = 12;
        o.Password.RequireNonAlphanumeric = false;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
        o.Lockout.DefaultLockoutTimeSpan = LockoutFor;
    }
}
