using System.Security.Claims;
using System.Text.Encodings.Web;
using LlmObserve.Data;
using LlmObserve.Data.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Auth;

/// <summary>SIEMs and automation: a tenant's API key, with its scopes.</summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, LlmObserveDbContext db, TimeProvider clock)
    : BearerSecretHandler(options, logger, encoder)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override string Prefix => IssuedSecret.ApiKeyPrefix;

    protected override string Kind => "API key";

    protected override async Task<IEnumerable<Claim>?> FindAsync(byte[] secretHash, CancellationToken cancellationToken)
    {
        // Across tenants on purpose: the key is what tells us the tenant.
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.SecretHash == secretHash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.TenantId, k.Name, k.Scopes, k.LastUsedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return null;
        }

        // Recorded at a minute's resolution: one write per key per minute, not per request.
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return key.Scopes.Select(s => new Claim(LlmObserveClaims.Scope, s))
            .Append(new Claim(LlmObserveClaims.TenantId, key.TenantId.ToString()))
            .Append(new Claim(LlmObserveClaims.ApiKeyId, key.Id.ToString()))
            .Append(new Claim(LlmObserveClaims.ApiKeyName, key.Name));
    }
}
