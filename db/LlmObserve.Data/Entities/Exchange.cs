using LlmObserve.Contracts.Findings;

namespace LlmObserve.Data.Entities;

/// <summary>A stored captured exchange. Written in bulk by <see cref="Exchanges.ExchangeWriter"/>; read through EF.</summary>
public sealed class Exchange : ITenantOwned, ICapturedRow
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ClusterId { get; set; }

    public Guid NodeId { get; set; }

    public Guid CorrelationId { get; set; }

    public short SchemaVersion { get; set; }

    public DateTimeOffset CapturedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset StoredAt { get; set; }

    public required string Source { get; set; }

    public required string NodeName { get; set; }

    public int Pid { get; set; }

    public string? Command { get; set; }

    public string? Executable { get; set; }

    public string? ContainerId { get; set; }

    public string? Pod { get; set; }

    public string? Namespace { get; set; }

    public string? LocalAddress { get; set; }

    public int? LocalPort { get; set; }

    public string? RemoteAddress { get; set; }

    public int? RemotePort { get; set; }

    public string? ServerName { get; set; }

    public required string Method { get; set; }

    public required string Path { get; set; }

    public string? Host { get; set; }

    /// <summary>JSON array of <c>{"name","value"}</c> objects (jsonb).</summary>
    public required string RequestHeaders { get; set; }

    public string? RequestBody { get; set; }

    public required string RequestBodyEncoding { get; set; }

    public long? RequestBodySize { get; set; }

    public bool RequestBodyTruncated { get; set; }

    public long RequestLostBytes { get; set; }

    public int? StatusCode { get; set; }

    public string? ResponseHeaders { get; set; }

    public string? ResponseBody { get; set; }

    public string? ResponseBodyEncoding { get; set; }

    public long? ResponseBodySize { get; set; }

    public bool ResponseBodyTruncated { get; set; }

    public long ResponseLostBytes { get; set; }

    public bool Streamed { get; set; }

    /// <summary>The recognized LLM call (<see cref="Contracts.Capture.LlmCall"/>); the three are null when none was recognized.</summary>
    public string? LlmProvider { get; set; }

    /// <summary>Set exactly when <see cref="LlmProvider"/> is (a check constraint says so).</summary>
    public string? LlmEndpoint { get; set; }

    public string? LlmModel { get; set; }

    public int FindingCount { get; set; }

    public ICollection<Finding> Findings { get; set; } = [];
}

/// <summary>What a detector found in an exchange, with where it found it.</summary>
public sealed class Finding : ITenantOwned, ICapturedRow
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ClusterId { get; set; }

    public Guid ExchangeId { get; set; }

    /// <summary>When its exchange was captured: findings list and page in the order of their exchanges.</summary>
    public DateTimeOffset CapturedAt { get; set; }

    public required string RuleId { get; set; }

    public required string Category { get; set; }

    public FindingSeverity Severity { get; set; }

    public required string Title { get; set; }

    /// <summary>The matched text, masked so the secret itself is not repeated.</summary>
    public string? Evidence { get; set; }

    /// <summary>The text field the evidence offsets point into (<c>llm.prompt</c>, <c>llm.response</c> …), or <c>exchange</c>.</summary>
    public required string Location { get; set; }

    /// <summary>The rule's tags: maturity, OWASP LLM Top 10 and MITRE ATLAS ids.</summary>
    public string[] Tags { get; set; } = [];

    /// <summary>0 to 1; null for findings stored before the detection engine.</summary>
    public float? Confidence { get; set; }

    public int? EvidenceStart { get; set; }

    public int? EvidenceLength { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The exchange's workload namespace, copied so that filters need no join.</summary>
    public string? Namespace { get; set; }

    public string? Pod { get; set; }

    public string? LlmProvider { get; set; }

    public string? LlmModel { get; set; }

    /// <summary>The storing transaction's id: the findings feed's commit order (set by the database).</summary>
    public long TxId { get; set; }
}
