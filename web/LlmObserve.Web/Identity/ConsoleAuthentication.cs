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

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<ConsoleUser>(ConfigureIdentity)
            .AddEntityFrameworkStores<ConsoleIdentityDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ConsoleClaimsFactory>()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = RevalidateEvery);
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
