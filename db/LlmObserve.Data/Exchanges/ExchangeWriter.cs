using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Messages;
using Npgsql;
using NpgsqlTypes;

namespace LlmObserve.Data.Exchanges;

/// <summary>
/// Stores a captured batch and its findings in one transaction, once per exchange id: exchanges
/// already stored (a redelivered message, a batch a collector posted twice) are skipped together
/// with their findings. Bulk SQL over arrays (unnest) rather than EF: one round trip per table.
/// </summary>
public sealed class ExchangeWriter(NpgsqlDataSource dataSource)
{
    private const string InsertExchanges = """
        INSERT INTO exchanges (
            id, tenant_id, cluster_id, node_id, correlation_id, schema_version, captured_at, completed_at, received_at,
            source, node_name, pid, command, executable, container_id, pod, namespace,
            local_address, local_port, remote_address, remote_port, server_name, method, path, host,
            request_headers, request_body, request_body_encoding, request_body_size, request_body_truncated, request_lost_bytes,
            status_code, response_headers, response_body, response_body_encoding, response_body_size, response_body_truncated,
            response_lost_bytes, streamed, finding_count, llm_provider, llm_endpoint, llm_model)
        SELECT u.id, $1, $2, $3, $4, $5, u.captured_at, u.completed_at, $6,
            u.source, u.node_name, u.pid, u.command, u.executable, u.container_id, u.pod, u.namespace,
            u.local_address, u.local_port, u.remote_address, u.remote_port, u.server_name, u.method, u.path, u.host,
            u.request_headers, u.request_body, u.request_body_encoding, u.request_body_size, u.request_body_truncated, u.request_lost_bytes,
            u.status_code, u.response_headers, u.response_body, u.response_body_encoding, u.response_body_size, u.response_body_truncated,
            u.response_lost_bytes, u.streamed, u.finding_count, u.llm_provider, u.llm_endpoint, u.llm_model
        FROM unnest($7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,
                    $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43) AS u(
            id, captured_at, completed_at, source, node_name, pid, command, executable, container_id, pod, namespace,
            local_address, local_port, remote_address, remote_port, server_name, method, path, host,
            request_headers, request_body, request_body_encoding, request_body_size, request_body_truncated, request_lost_bytes,
            status_code, response_headers, response_body, response_body_encoding, response_body_size, response_body_truncated,
            response_lost_bytes, streamed, finding_count, llm_provider, llm_endpoint, llm_model)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
        """;

    private const string InsertFindings = """
        INSERT INTO findings (id, tenant_id, cluster_id, exchange_id, captured_at, rule_id, category, severity,
                              title, evidence, location, evidence_start, evidence_length, tags, confidence,
                              namespace, pod, llm_provider, llm_model)
        SELECT u.id, $1, $2, u.exchange_id, u.captured_at, u.rule_id, u.category, u.severity,
               u.title, u.evidence, u.location, u.evidence_start, u.evidence_length,
               string_to_array(u.tags, chr(31)), u.confidence, u.namespace, u.pod, u.llm_provider, u.llm_model
        FROM unnest($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) AS u(
            id, exchange_id, captured_at, rule_id, category, severity, title, evidence, location, evidence_start, evidence_length,
            tags, confidence, namespace, pod, llm_provider, llm_model)
        """;

    /// <summary>Returns how many exchanges were new; the rest were already stored.</summary>
    /// <param name="findings">Findings per exchange, in the order of <c>batch.Exchanges</c>.</param>
    public async Task<int> WriteAsync(ExchangesCaptured batch, IReadOnlyList<IReadOnlyList<NewFinding>> findings, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(findings.Count, batch.Exchanges.Count, nameof(findings));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var inserted = new HashSet<Guid>();
        await using (var command = new NpgsqlCommand(InsertExchanges, connection, transaction))
        {
            AddExchangeParameters(command.Parameters, batch, findings);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }

        var newFindings = new List<(CapturedExchange Exchange, NewFinding Finding)>();
        for (var i = 0; i < batch.Exchanges.Count; i++)
        {
            if (inserted.Contains(batch.Exchanges[i].Id))
            {
                newFindings.AddRange(findings[i].Select(f => (batch.Exchanges[i], f)));
            }
        }

        if (newFindings.Count > 0)
        {
            await using var command = new NpgsqlCommand(InsertFindings, connection, transaction);
            AddFindingParameters(command.Parameters, batch, newFindings);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted.Count;
    }

    private static void AddExchangeParameters(NpgsqlParameterCollection p, ExchangesCaptured batch, IReadOnlyList<IReadOnlyList<NewFinding>> findings)
    {
        var x = batch.Exchanges;
        p.Add(new() { Value = batch.TenantId });
        p.Add(new() { Value = batch.ClusterId });
        p.Add(new() { Value = batch.NodeId });
        p.Add(new() { Value = batch.CorrelationId });
        p.Add(new() { Value = (short)batch.SchemaVersion });
        p.Add(new() { Value = batch.ReceivedAt.ToUniversalTime() });
        p.Add(new() { Value = x.Select(e => e.Id).ToArray() });
        p.Add(new() { Value = x.Select(e => e.CapturedAt.ToUniversalTime()).ToArray() });
        p.Add(new() { Value = x.Select(e => e.CompletedAt?.ToUniversalTime()).ToArray() });
        p.Add(Text(x.Select(e => WireName.Of(e.Source))));
        p.Add(Text(x.Select(e => e.Workload.Node)));
        p.Add(new() { Value = x.Select(e => e.Workload.Pid).ToArray() });
        p.Add(Text(x.Select(e => e.Workload.Command)));
        p.Add(Text(x.Select(e => e.Workload.Executable)));
        p.Add(Text(x.Select(e => e.Workload.ContainerId)));
        p.Add(Text(x.Select(e => e.Workload.Pod)));
        p.Add(Text(x.Select(e => e.Workload.Namespace)));
        p.Add(Text(x.Select(e => e.Connection?.LocalAddress)));
        p.Add(new() { Value = x.Select(e => e.Connection?.LocalPort).ToArray() });
        p.Add(Text(x.Select(e => e.Connection?.RemoteAddress)));
        p.Add(new() { Value = x.Select(e => e.Connection?.RemotePort).ToArray() });
        p.Add(Text(x.Select(e => e.Connection?.ServerName)));
        p.Add(Text(x.Select(e => e.Request.Method)));
        p.Add(Text(x.Select(e => e.Request.Path)));
        p.Add(Text(x.Select(e => e.Request.Host)));
        p.Add(Jsonb(x.Select(e => HeadersJson(e.Request.Headers))));
        p.Add(Text(x.Select(e => e.Request.Body)));
        p.Add(Text(x.Select(e => WireName.Of(e.Request.BodyEncoding))));
        p.Add(new() { Value = x.Select(e => e.Request.BodySize).ToArray() });
        p.Add(new() { Value = x.Select(e => e.Request.BodyTruncated).ToArray() });
        p.Add(new() { Value = x.Select(e => e.Request.LostBytes).ToArray() });
        p.Add(new() { Value = x.Select(e => e.Response?.StatusCode).ToArray() });
        p.Add(Jsonb(x.Select(e => e.Response is null ? null : HeadersJson(e.Response.Headers))));
        p.Add(Text(x.Select(e => e.Response?.Body)));
        p.Add(Text(x.Select(e => e.Response is null ? null : WireName.Of(e.Response.BodyEncoding))));
        p.Add(new() { Value = x.Select(e => e.Response?.BodySize).ToArray() });
        p.Add(new() { Value = x.Select(e => e.Response?.BodyTruncated ?? false).ToArray() });
        p.Add(new() { Value = x.Select(e => e.Response?.LostBytes ?? 0).ToArray() });
        p.Add(new() { Value = x.Select(e => e.Streamed).ToArray() });
        p.Add(new() { Value = findings.Select(f => f.Count).ToArray() });
        p.Add(Text(x.Select(e => e.Llm?.Provider)));
        p.Add(Text(x.Select(e => e.Llm?.Endpoint)));
        p.Add(Text(x.Select(e => e.Llm?.Model)));
    }

    private static void AddFindingParameters(NpgsqlParameterCollection p, ExchangesCaptured batch, List<(CapturedExchange Exchange, NewFinding Finding)> rows)
    {
        p.Add(new() { Value = batch.TenantId });
        p.Add(new() { Value = batch.ClusterId });
        p.Add(new() { Value = rows.Select(_ => Guid.CreateVersion7()).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Exchange.Id).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Exchange.CapturedAt.ToUniversalTime()).ToArray() });
        p.Add(Text(rows.Select(r => r.Finding.RuleId)));
        p.Add(Text(rows.Select(r => r.Finding.Category)));
        p.Add(new() { Value = rows.Select(r => (short)r.Finding.Severity).ToArray() });
        p.Add(Text(rows.Select(r => r.Finding.Title)));
        p.Add(Text(rows.Select(r => r.Finding.Evidence)));
        p.Add(Text(rows.Select(r => r.Finding.Location)));
        p.Add(new() { Value = rows.Select(r => r.Finding.EvidenceStart).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Finding.EvidenceLength).ToArray() });
        // unnest cannot take an array of arrays of different lengths: each row's tags travel joined by the unit separator.
        p.Add(Text(rows.Select(r => string.Join('\u001f', r.Finding.Tags))));
        p.Add(new() { Value = rows.Select(r => (float?)r.Finding.Confidence).ToArray() });
        // The exchange's workload and call, so that SIEM filters on findings need no join.
        p.Add(Text(rows.Select(r => r.Exchange.Workload.Namespace)));
        p.Add(Text(rows.Select(r => r.Exchange.Workload.Pod)));
        p.Add(Text(rows.Select(r => r.Exchange.Llm?.Provider)));
        p.Add(Text(rows.Select(r => r.Exchange.Llm?.Model)));
    }

    private static NpgsqlParameter Text(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Jsonb(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };

    private static string HeadersJson(IReadOnlyList<HttpHeader> headers) =>
        JsonSerializer.Serialize(headers, CaptureJson.Default.IReadOnlyListHttpHeader);
}
