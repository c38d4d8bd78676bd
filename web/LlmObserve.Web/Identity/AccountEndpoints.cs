using Microsoft.AspNetCore.Antiforgery;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.Web.Identity;

/// <summary>Sign-out and the tenant switch: form posts (antiforgery-checked) from the layout.</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");
        account.MapPost("/logout", SignOutAsync);

        account.MapPost("/tenant", SwitchTenantAsync);
    }

    // It binds no form field, so the framework would not check the token by itself: without this check
    // another site could sign users out.
    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<ConsoleUser> signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem("The sign-out form is out of date: reload the page and sign out again.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid form");
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    // The tenant must be one of the user's memberships, checked against the database, not the cookie.
    private static async Task<IResult> SwitchTenantAsync(
        [FromForm(Name = "tenant")] Guid tenant, [FromForm(Name = "returnUrl")] string? returnUrl,
        ClaimsPrincipal principal, UserManager<ConsoleUser> users, SignInManager<ConsoleUser> signIn, ConsoleIdentityDbContext identity)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return TypedResults.LocalRedirect("/account/login");
        }

        var member = await identity.Memberships.FindAsync(user.Id, tenant);
        if (member is null)
        {
            return TypedResults.Problem("You are not a member of that tenant.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        user.CurrentTenantId = tenant;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        return TypedResults.LocalRedirect(SafeReturn(returnUrl));
    }

    /// <summary>Only a path on this site: never an open redirect.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' && !url.Any(char.IsControl) ? url : "/";
}
