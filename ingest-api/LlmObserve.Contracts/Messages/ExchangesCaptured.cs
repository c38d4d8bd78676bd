using LlmObserve.Contracts.Capture;

namespace LlmObserve.Contracts.Messages;

/// <summary>
/// Published by ingest-api for every accepted batch, after authentication and validation;
/// consumed by scanner-worker, which stores each exchange once.
/// </summary>
public sealed record ExchangesCaptured
{
    public required Guid TenantId { get; init; }

    public required Guid ClusterId { get; init; }

    public required Guid NodeId { get; init; }

    /// <summary>Identifies the accepted batch across services and logs.</summary>
    public required Guid CorrelationId { get; init; }

    /// <summary>When ingest-api received the batch; the start of accepted-to-stored latency.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    public required int SchemaVersion { get; init; }

    public required IReadOnlyList<CapturedExchange> Exchanges { get; init; }
}
