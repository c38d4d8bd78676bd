using LlmObserve.Contracts.Enrollment;
using LlmObserve.Data.Security;
using Npgsql;

namespace LlmObserve.IngestApi.Fleet;

internal sealed record EnrollmentResult(EnrollResponse? Response, string? Refusal);

/// <summary>
/// Spends one use of an enrollment token and issues the node's credential, in one transaction:
/// the use counter is taken with a conditional UPDATE, so concurrent enrollments cannot overspend
/// a token. Enrolling a node name again revokes that node's earlier credentials.
/// </summary>
internal sealed class EnrollmentService(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <param name="remoteAddress">The client's address, for the audit log.</param>
    public async Task<EnrollmentResult> EnrollAsync(EnrollRequest request, string? remoteAddress, CancellationToken cancellationToken)
    {
        var tokenHash = IssuedSecret.Hash(request.EnrollmentToken ?? "");
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        Guid tenantId, clusterId, tokenId;
        await using (var spend = new NpgsqlCommand("""
            UPDATE enrollment_tokens SET uses = uses + 1
            WHERE secret_hash = $1 AND revoked_at IS NULL AND expires_at > $2 AND uses < max_uses
            RETURNING tenant_id, cluster_id, id
            """, connection, transaction))
        {
            spend.Parameters.Add(new() { Value = tokenHash });
            spend.Parameters.Add(new() { Value = now });
            await using var reader = await spend.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                await reader.DisposeAsync();
                return new EnrollmentResult(null, await WhyRefusedAsync(connection, transaction, tokenHash, now, cancellationToken));
            }

            (tenantId, clusterId, tokenId) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2));
        }

        Guid nodeId;
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO nodes (id, tenant_id, cluster_id, name, enrolled_at, collector_version, kernel_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (cluster_id, name) DO UPDATE
                SET enrolled_at = EXCLUDED.enrolled_at, collector_version = EXCLUDED.collector_version, kernel_version = EXCLUDED.kernel_version
                WHERE nodes.revoked_at IS NULL
            RETURNING id
            """, connection, transaction))
        {
            upsert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            upsert.Parameters.Add(new() { Value = tenantId });
            upsert.Parameters.Add(new() { Value = clusterId });
            upsert.Parameters.Add(new() { Value = request.NodeName });
            upsert.Parameters.Add(new() { Value = now });
            upsert.Parameters.Add(new() { Value = (object?)request.CollectorVersion ?? DBNull.Value });
            upsert.Parameters.Add(new() { Value = (object?)request.KernelVersion ?? DBNull.Value });
            if (await upsert.ExecuteScalarAsync(cancellationToken) is not Guid id)
            {
                // The use of the token is rolled back with the transaction.
                return new EnrollmentResult(null, $"Node '{request.NodeName}' was revoked by an administrator; it can enroll again once re-admitted (POST /api/v1/nodes/{{nodeId}}/readmit).");
            }

            nodeId = id;
        }

        var credential = IssuedSecret.Generate(IssuedSecret.NodeCredentialPrefix);
        await using (var issue = new NpgsqlCommand("""
            WITH revoked AS (UPDATE node_credentials SET revoked_at = $3 WHERE node_id = $2 AND revoked_at IS NULL)
            INSERT INTO node_credentials (id, tenant_id, cluster_id, node_id, secret_hash, created_at)
            VALUES ($1, $4, $5, $2, $6, $3)
            """, connection, transaction))
        {
            issue.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            issue.Parameters.Add(new() { Value = nodeId });
            issue.Parameters.Add(new() { Value = now });
            issue.Parameters.Add(new() { Value = tenantId });
            issue.Parameters.Add(new() { Value = clusterId });
            issue.Parameters.Add(new() { Value = IssuedSecret.Hash(credential) });
            await issue.ExecuteNonQueryAsync(cancellationToken);
        }

        // Enrolling is an administrative act of the node (a new credential): audited in the same transaction.
        await using (var audit = new NpgsqlCommand("""
            INSERT INTO audit_events (id, tenant_id, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, remote_address, details)
            VALUES ($1, $2, $3, 'node', $4, $5, 'node.enroll', 'node', $4, $6, jsonb_build_object('clusterId', $7, 'enrollmentTokenId', $8))
            """, connection, transaction))
        {
            audit.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            audit.Parameters.Add(new() { Value = tenantId });
            audit.Parameters.Add(new() { Value = now });
            audit.Parameters.Add(new() { Value = nodeId.ToString() });
            audit.Parameters.Add(new() { Value = request.NodeName });
            audit.Parameters.Add(new() { Value = (object?)remoteAddress ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            audit.Parameters.Add(new() { Value = clusterId.ToString() });
            audit.Parameters.Add(new() { Value = tokenId.ToString() });
            await audit.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new EnrollmentResult(new EnrollResponse(nodeId, clusterId, credential), null);
    }

    private static async Task<string> WhyRefusedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT revoked_at IS NOT NULL, expires_at <= $2, uses >= max_uses FROM enrollment_tokens WHERE secret_hash = $1",
            connection, transaction);
        command.Parameters.Add(new() { Value = tokenHash });
        command.Parameters.Add(new() { Value = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return "Unknown enrollment token.";
        }

        return reader.GetBoolean(0) ? "This enrollment token has been revoked."
            : reader.GetBoolean(1) ? "This enrollment token has expired; create a new one for the cluster."
            : "This enrollment token has no uses left; create a new one for the cluster.";
    }
}
