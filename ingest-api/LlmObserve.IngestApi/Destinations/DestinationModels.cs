using System.ComponentModel;
using LlmObserve.Contracts.Findings;

namespace LlmObserve.IngestApi.Destinations;

/// <summary>A push destination of the caller's tenant. The webhook signing secret is never part of it.</summary>
public sealed record DestinationItem(
    Guid Id,
    string Name,
    [property: Description("webhook or syslog.")] string Kind,
    [property: Description("The export format of each event: ocsf, falco or cef.")] string Format,
    [property: Description("Webhook: the http(s) URL, its query (which may hold a secret) shown as '?…'. Syslog: tcp://host:port or tls://host:port.")] string Url,
    [property: Description("Only findings at least this severe are pushed.")] FindingSeverity MinSeverity,
    bool Enabled,
    [property: Description("PEM certificate(s) trusted for this destination's TLS in addition to the system's; null when none.")] string? CaCertificate,
    DateTimeOffset CreatedAt,
    [property: Description("When a finding was last delivered.")] DateTimeOffset? LastDeliveryAt,
    [property: Description("Why the last finding was dead-lettered, or why the destination cannot be used; null after a delivery.")] string? LastError,
    [property: Description("How far delivery has got in the findings feed (opaque).")] string Position);

/// <summary>The created destination, with its signing secret: shown this once and never again.</summary>
public sealed record DestinationCreated(
    DestinationItem Destination,
    [property: Description("Webhooks: the HMAC-SHA256 key that signs every delivery (X-LlmObserve-Signature: sha256=hex of HMAC over \"<X-LlmObserve-Timestamp>.<body>\"). Returned only in this response. Null for syslog.")] string? SigningSecret);

public sealed record CreateDestinationRequest(
    [property: Description("Unique within the tenant, 1 to 100 characters.")] string Name,
    [property: Description("webhook or syslog.")] string Kind,
    [property: Description("ocsf, falco or cef.")] string Format,
    [property: Description("Webhook: http:// or https:// URL; a secret belongs in its query, which reads hide. Syslog: tcp://host:port or tls://host:port (RFC 5425). Loopback and private addresses only where the operator allows them.")] string Url,
    [property: Description("Default info: every finding.")] FindingSeverity? MinSeverity,
    [property: Description("Optional PEM certificate(s) of a private CA that signed the destination's TLS certificate.")] string? CaCertificate,
    [property: Description("Default true.")] bool? Enabled);

/// <summary>Changes to a destination; a field left out (null) stays as it is. Its kind cannot change.</summary>
public sealed record UpdateDestinationRequest(
    string? Name,
    string? Format,
    string? Url,
    FindingSeverity? MinSeverity,
    [property: Description("New PEM CA certificate(s); an empty string removes it.")] string? CaCertificate,
    bool? Enabled);

/// <summary>A finding the destination did not accept after every attempt.</summary>
public sealed record DeadLetterItem(
    Guid Id,
    Guid FindingId,
    int Attempts,
    DateTimeOffset FirstAttemptAt,
    DateTimeOffset FailedAt,
    string LastError,
    [property: Description("What was sent: the webhook body, or the whole RFC 5424 syslog message.")] string Payload);

/// <summary>How sending a dead letter again went.</summary>
public sealed record DeadLetterRetryResult(
    [property: Description("True: the destination accepted it and the dead letter is removed.")] bool Delivered,
    string? Error,
    [property: Description("The dead letter as it is now (with one more attempt); null when delivered.")] DeadLetterItem? DeadLetter);
