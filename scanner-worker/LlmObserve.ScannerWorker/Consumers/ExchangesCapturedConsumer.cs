using LlmObserve.Contracts.Messages;
using LlmObserve.Data.Exchanges;
using LlmObserve.Detection;
using MassTransit;

namespace LlmObserve.ScannerWorker.Consumers;

/// <summary>
/// Glue: scan each exchange, then store the batch and its findings in one transaction. The
/// message is acknowledged when this returns, so only after the commit; a redelivered message
/// stores nothing twice (<see cref="ExchangeWriter"/> is idempotent on exchange id).
/// </summary>
public sealed partial class ExchangesCapturedConsumer(ExchangeScanner scanner, ExchangeWriter writer, ILogger<ExchangesCapturedConsumer> logger)
    : IConsumer<ExchangesCaptured>
{
    public async Task Consume(ConsumeContext<ExchangesCaptured> context)
    {
        var batch = context.Message;
        var findings = new IReadOnlyList<NewFinding>[batch.Exchanges.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            findings[i] = [.. scanner.Scan(batch.Exchanges[i]).Select(d => new NewFinding(
                d.RuleId, d.Category, d.Severity, d.Title, d.Evidence, d.Location, d.Start, d.Length))];
        }

        var stored = await writer.WriteAsync(batch, findings, context.CancellationToken);
        var found = findings.Sum(f => f.Count);
        LogStored(logger, batch.CorrelationId, stored, batch.Exchanges.Count - stored, found);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Batch {BatchId}: stored {Stored} exchange(s), {Duplicates} already stored, {Findings} finding(s) detected")]
    private static partial void LogStored(ILogger logger, Guid batchId, int stored, int duplicates, int findings);
}
