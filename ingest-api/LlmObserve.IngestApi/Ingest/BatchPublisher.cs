using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Messages;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Ingest;

/// <summary>
/// Hands an accepted batch to the broker and returns only once the broker has confirmed every
/// message of it (publisher confirms; mandatory, so an unroutable message is an error, not a
/// silent drop). A large batch is split into several messages of bounded size; if any of them
/// fails the caller answers 503 and the collector retries the whole batch, which the scanner's
/// idempotent store makes harmless.
/// </summary>
internal sealed class BatchPublisher(IPublishEndpoint publishEndpoint, IOptions<IngestOptions> options)
{
    // Rough cost of an exchange's metadata on the wire, in characters, beside its bodies.
    private const int ExchangeOverheadChars = 1024;

    private readonly IngestOptions _options = options.Value;

    public async Task PublishAsync(CaptureBatch batch, Guid tenantId, Guid clusterId, Guid nodeId, Guid batchId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);

        var publishes = Split(batch.Exchanges, _options.MessageBodyCharsTarget).Select(part => publishEndpoint.Publish(
            new ExchangesCaptured
            {
                TenantId = tenantId,
                ClusterId = clusterId,
                NodeId = nodeId,
                CorrelationId = batchId,
                ReceivedAt = receivedAt,
                SchemaVersion = batch.SchemaVersion,
                Exchanges = part,
            },
            context =>
            {
                context.Mandatory = true;
                context.CorrelationId = batchId;
            },
            timeout.Token));
        await Task.WhenAll(publishes);
    }

    internal static IEnumerable<IReadOnlyList<CapturedExchange>> Split(IReadOnlyList<CapturedExchange> exchanges, int bodyCharsTarget)
    {
        var part = new List<CapturedExchange>();
        long size = 0;
        foreach (var exchange in exchanges)
        {
            var cost = ExchangeOverheadChars + (exchange.Request.Body?.Length ?? 0) + (exchange.Response?.Body?.Length ?? 0);
            if (part.Count > 0 && size + cost > bodyCharsTarget)
            {
                yield return part;
                part = [];
                size = 0;
            }

            part.Add(exchange);
            size += cost;
        }

        if (part.Count > 0)
        {
            yield return part;
        }
    }
}
