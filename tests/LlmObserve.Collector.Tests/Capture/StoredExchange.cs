using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Tests.Capture;

// What GET /api/v1/exchanges/{id} answers, as far as these tests read it (the JSON, not the server's types).
public sealed record StoredExchange(StoredSummary Summary, StoredMessage Request, StoredMessage? Response);

public sealed record StoredSummary(Guid Id, string Source, WorkloadIdentity Workload, string Method, string Path, bool Streamed, LlmCall? Llm);

public sealed record StoredMessage(IReadOnlyList<HttpHeader> Headers, string? Body, long? BodySize, bool BodyTruncated, long LostBytes);
