using LlmObserve.Contracts.Messages;
using LlmObserve.Data.Exchanges;
using LlmObserve.Detection.Engine;
using MassTransit;

namespace LlmObserve.ScannerWorker.Consumers;

/// <summary>
/// Glue: scan each exchange with the tenant's rules, then store the batch and its findings in one transaction.
/// The message is acknowledged when this returns, so only after the commit; a redelivered message stores
/// nothing twice (<see cref="ExchangeWriter"/> is idempotent on exchange id).
/// </summary>
public sealed partial class ExchangesCapturedConsumer(TenantEngines engines, ExchangeWriter writer, ILogger<ExchangesCapturedConsumer> logger)
    : IConsumer<ExchangesCaptured>
{
    public async Task Consume(ConsumeContext<ExchangesCaptured> context)
    {
        var batch = context.Message;
        var engine = await engines.ForTenantAsync(batch.TenantId, context.CancellationToken);
        var findings = new IReadOnlyList<NewFinding>[batch.Exchanges.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            findings[i] = [.. engine.Scan(batch.Exchanges[i]).Findings.Select(ToNew)];
        }

        var stored = await writer.WriteAsync(batch, findings, context.CancellationToken);
        var found = findings.Sum(f => f.Count);
        LogStored(logger, batch.CorrelationId, stored, batch.Exchanges.Count - stored, found);
    }

    internal static NewFinding ToNew(Finding f) =>
        new(f.RuleId, f.Category, f.Severity, f.Title, f.Evidence, f.Location, f.Start, f.Length)
        {
            Tags = f.Tags,
            Confidence = f.Confidence,
        };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Batch {BatchId}: stored {Stored} exchange(s), {Duplicates} already stored, {Findings} finding(s) detected")]
    private static partial void LogStored(ILogger logger, Guid batchId, int stored, int duplicates, int findings);
}
