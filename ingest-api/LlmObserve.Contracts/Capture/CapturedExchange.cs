using System.Text.Json.Serialization;

namespace LlmObserve.Contracts.Capture;

/// <summary>One HTTP request and its response as seen on a node, credentials already redacted.</summary>
public sealed record CapturedExchange
{
    /// <summary>Assigned by the collector (UUIDv7); the backend stores each id once.</summary>
    public required Guid Id { get; init; }

    /// <summary>When the first request byte was captured.</summary>
    public required DateTimeOffset CapturedAt { get; init; }

    /// <summary>When the last response byte was captured; null when no response was seen.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    public required CaptureSource Source { get; init; }

    public required WorkloadIdentity Workload { get; init; }

    public CapturedConnection? Connection { get; init; }

    public required CapturedRequest Request { get; init; }

    public CapturedResponse? Response { get; init; }

    /// <summary>The response was streamed (server-sent events or NDJSON).</summary>
    public bool Streamed { get; init; }

    /// <summary>Provider, API and model as recognized on the node (added in v1; absent from older collectors).</summary>
    public LlmCall? Llm { get; init; }
}

public enum CaptureSource
{
    /// <summary>uprobes on OpenSSL's SSL_read/SSL_write: plaintext of a TLS connection.</summary>
    [JsonStringEnumMemberName("openssl_uprobe")]
    OpenSslUprobe = 1,

    /// <summary>syscall tracepoints on a plaintext HTTP socket (in-cluster model servers).</summary>
    [JsonStringEnumMemberName("plaintext_socket")]
    PlaintextSocket = 2,
}

/// <summary>Who made the call: the node and the process, container and pod behind it.</summary>
public sealed record WorkloadIdentity
{
    public required string Node { get; init; }

    public int Pid { get; init; }

    public string? Command { get; init; }

    public string? Executable { get; init; }

    public string? ContainerId { get; init; }

    public string? Pod { get; init; }

    public string? Namespace { get; init; }
}

/// <summary>The connection's addresses and, for TLS, the server name the client asked for.</summary>
public sealed record CapturedConnection
{
    public string? LocalAddress { get; init; }

    public int? LocalPort { get; init; }

    public string? RemoteAddress { get; init; }

    public int? RemotePort { get; init; }

    /// <summary>TLS server name indication, when the client sent one.</summary>
    public string? ServerName { get; init; }
}
