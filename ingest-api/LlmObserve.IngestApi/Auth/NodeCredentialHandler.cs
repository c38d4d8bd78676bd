using System.Security.Claims;
using System.Text.Encodings.Web;
using LlmObserve.Data;
using LlmObserve.Data.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Auth;

/// <summary>Collectors: a node credential issued at enrollment.</summary>
internal sealed class NodeCredentialHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, LlmObserveDbContext db)
    : BearerSecretHandler(options, logger, encoder)
{
    protected override string Prefix => IssuedSecret.NodeCredentialPrefix;

    protected override string Kind => "node credential";

    protected override async Task<IEnumerable<Claim>?> FindAsync(byte[] secretHash, CancellationToken cancellationToken)
    {
        // Across tenants on purpose: the credential is what tells us the tenant. A rotated
        // credential carries a revocation time a few seconds ahead, and works until then.
        // Compared with the database's clock (now()), the one revocations are written against too,
        // not this instance's: skew between API instances cannot stretch a revocation.
        var credential = await db.NodeCredentials.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.SecretHash == secretHash && (c.RevokedAt == null || c.RevokedAt > DateTimeOffset.UtcNow))
            .Select(c => new { c.Id, c.TenantId, c.ClusterId, c.NodeId })
            .FirstOrDefaultAsync(cancellationToken);

        return credential is null
            ? null
            :
            [
                new Claim(LlmObserveClaims.TenantId, credential.TenantId.ToString()),
                new Claim(LlmObserveClaims.ClusterId, credential.ClusterId.ToString()),
                new Claim(LlmObserveClaims.NodeId, credential.NodeId.ToString()),
                new Claim(LlmObserveClaims.CredentialId, credential.Id.ToString()),
            ];
    }
}
