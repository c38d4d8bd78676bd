using LlmObserve.Administration.Audit;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.IngestApi.Fleet;

/// <summary>A collector replaces its own credential: the new one works at once, the old one a few seconds more.</summary>
internal sealed class NodeCredentialRotation(LlmObserveDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>How long the replaced credential keeps working, for requests already under way with it.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);

    /// <summary>The new credential; null when the calling one was revoked or replaced since it was checked.</summary>
    public async Task<RotatedCredential?> RotateAsync(Guid nodeId, Guid currentCredentialId, CancellationToken cancellationToken)
    {
        var token = Data.Security.IssuedSecret.Generate(Data.Security.IssuedSecret.NodeCredentialPrefix);
        var now = clock.GetUtcNow();
        var expires = now + Overlap;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The node row first, as a revocation takes it: the two cannot interleave, so a revocation
        // either sees the new credential or makes this update match nothing. Then the calling
        // credential, only if still live without an overlap of its own (a replaced one cannot rotate).
        if (await db.Nodes.Where(n => n.Id == nodeId && n.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.LastSeenAt, now), cancellationToken) == 0
            || await db.NodeCredentials.Where(c => c.Id == currentCredentialId && c.NodeId == nodeId && c.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, expires), cancellationToken) == 0)
        {
            return null;
        }

        // Any other credential still in an overlap ends now: only the caller's gets the grace.
        await db.NodeCredentials.Where(c => c.NodeId == nodeId && c.Id != currentCredentialId && (c.RevokedAt == null || c.RevokedAt > now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, now), cancellationToken);
        var current = await db.NodeCredentials.AsNoTracking().FirstAsync(c => c.Id == currentCredentialId, cancellationToken);
        var issued = new NodeCredential
        {
            Id = Guid.CreateVersion7(),
            TenantId = current.TenantId,
            ClusterId = current.ClusterId,
            NodeId = nodeId,
            SecretHash = Data.Security.IssuedSecret.Hash(token),
            CreatedAt = now,
        };
        db.NodeCredentials.Add(issued);
        await audit.SaveAsync("node.credential.rotate", "node", nodeId.ToString(), AuditLog.Details(("credentialId", issued.Id.ToString())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RotatedCredential(nodeId, token, expires);
    }
}
