using System.Security.Claims;
using System.Text.Encodings.Web;
using LlmObserve.Data.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Auth;

/// <summary>
/// Authenticates a secret we issued, sent as <c>Authorization: Bearer &lt;token&gt;</c>: the
/// token's prefix says its kind, its SHA-256 finds the stored row. Failures answer with a
/// ProblemDetails that says what was wrong, never which tenant or node a token belongs to.
/// </summary>
internal abstract class BearerSecretHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The token prefix this scheme accepts.</summary>
    protected abstract string Prefix { get; }

    /// <summary>What the token is, in words, for error messages: "API key".</summary>
    protected abstract string Kind { get; }

    /// <summary>The claims of the live (not revoked) secret with this hash, or null.</summary>
    protected abstract Task<IEnumerable<Claim>?> FindAsync(byte[] secretHash, CancellationToken cancellationToken);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail($"The Authorization header must be 'Bearer <{Kind}>'.");
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail($"The bearer token is not a valid {Kind} (those start with '{Prefix}').");
        }

        var claims = await FindAsync(IssuedSecret.Hash(token), Context.RequestAborted);
        if (claims is null)
        {
            return AuthenticateResult.Fail($"This {Kind} is unknown or has been revoked.");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? $"This endpoint needs 'Authorization: Bearer <{Kind}>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", $"This {Kind} does not have the scope this endpoint needs.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
