using LlmObserve.Contracts.Findings;

namespace LlmObserve.Data.Entities;

/// <summary>Where a tenant's findings are pushed: a webhook or a syslog server, in one export format.</summary>
public sealed class Destination : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="DestinationKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary><see cref="ExportFormats"/>.</summary>
    public required string Format { get; set; }

    /// <summary>Webhook: the http(s) URL. Syslog: <c>tcp://host:port</c> or <c>tls://host:port</c>.</summary>
    public required string Url { get; set; }

    /// <summary>Webhook HMAC-SHA256 key; kept usable (not hashed) because every delivery is signed with it.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>PEM certificate(s) trusted for this destination's TLS in addition to the system's.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>Only findings at least this severe are pushed.</summary>
    public FindingSeverity MinSeverity { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Delivered up to here in the findings feed order (tx id, then id).</summary>
    public long AfterTxId { get; set; }

    public Guid AfterId { get; set; }

    public DateTimeOffset? LastDeliveryAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A finding a destination did not accept after every attempt.</summary>
public sealed class DeadLetter : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DestinationId { get; set; }

    public Guid FindingId { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset FirstAttemptAt { get; set; }

    public DateTimeOffset FailedAt { get; set; }

    public required string LastError { get; set; }

    /// <summary>What would have been sent, in the destination's format.</summary>
    public required string Payload { get; set; }
}

public static class DestinationKinds
{
    public const string Webhook = "webhook";
    public const string Syslog = "syslog";

    public static IReadOnlyList<string> All { get; } = [Webhook, Syslog];
}

public static class ExportFormats
{
    /// <summary>OCSF Detection Finding (class_uid 2004).</summary>
    public const string Ocsf = "ocsf";

    /// <summary>Falco's JSON output (what Falcosidekick reads).</summary>
    public const string Falco = "falco";

    /// <summary>ArcSight Common Event Format.</summary>
    public const string Cef = "cef";

    public static IReadOnlyList<string> All { get; } = [Ocsf, Falco, Cef];
}
