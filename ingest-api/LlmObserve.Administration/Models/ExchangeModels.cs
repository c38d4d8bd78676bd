using System.ComponentModel;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Findings;

namespace LlmObserve.Administration;

/// <param name="Llm">The LLM call the collector recognized; null when it recognized none (or predates recognition).</param>
public sealed record ExchangeSummary(
    Guid Id,
    Guid ClusterId,
    Guid NodeId,
    DateTimeOffset CapturedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset StoredAt,
    string Source,
    WorkloadIdentity Workload,
    string Method,
    string? Host,
    string Path,
    int? StatusCode,
    bool Streamed,
    long? RequestBodySize,
    long? ResponseBodySize,
    int FindingCount,
    LlmCall? Llm);

public sealed record ExchangeDetail(
    ExchangeSummary Summary,
    CapturedConnection Connection,
    StoredHttpMessage Request,
    StoredHttpMessage? Response,
    IReadOnlyList<FindingItem> Findings,
    ConversationView Conversation);

/// <summary>The exchange read as a conversation: the text fields findings' evidence offsets point into.</summary>
/// <param name="RequestStatus">parsed, partial, unsupported or malformed.</param>
/// <param name="Fields">Text by field name (llm.prompt, llm.system, llm.response, llm.tool_results, llm.tool_calls); empty fields are left out.</param>
public sealed record ConversationView(
    string? Provider,
    string? Model,
    string RequestStatus,
    string ResponseStatus,
    IReadOnlyDictionary<string, string> Fields,
    long? InputTokens,
    long? OutputTokens,
    string? FinishReason,
    IReadOnlyList<string> ParseErrors);

/// <summary>A request or response as stored: headers (credentials redacted on the node) and the capped body.</summary>
public sealed record StoredHttpMessage(
    IReadOnlyList<HttpHeader> Headers,
    string? Body,
    string BodyEncoding,
    long? BodySize,
    bool BodyTruncated,
    long LostBytes);

public sealed record FindingItem(
    Guid Id,
    Guid ExchangeId,
    Guid ClusterId,
    DateTimeOffset ExchangeCapturedAt,
    DateTimeOffset CreatedAt,
    string RuleId,
    string Category,
    FindingSeverity Severity,
    string Title,
    string? Evidence,
    [property: Description("The text field the evidence offsets point into: llm.prompt, llm.system, llm.response, llm.tool_results, llm.tool_calls (see the exchange's conversation), or exchange when the finding is about the call as a whole.")]
    string Location,
    [property: Description("Offset of the evidence in that field's text, in UTF-16 code units.")]
    int? EvidenceStart,
    int? EvidenceLength,
    [property: Description("The rule's tags: maturity, OWASP LLM Top 10 2025 ids (LLM01 ...), MITRE ATLAS ids (AML.T0051 ...).")]
    IReadOnlyList<string> Tags,
    [property: Description("How sure the detector was, 0 to 1; null for findings stored before the detection engine.")]
    double? Confidence,
    [property: Description("The Kubernetes namespace of the workload that made the call, when known.")]
    string? Namespace,
    string? Pod,
    [property: Description("The LLM provider of the call (openai, anthropic …), when recognized.")]
    string? Provider,
    string? Model);
