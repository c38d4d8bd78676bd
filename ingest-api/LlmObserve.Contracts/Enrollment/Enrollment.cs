namespace LlmObserve.Contracts.Enrollment;

/// <summary>A collector's first call: <c>POST /api/v1/enroll</c>.</summary>
public sealed record EnrollRequest
{
    /// <summary>The cluster's enrollment token (<c>llmo_enroll_…</c>).</summary>
    public required string EnrollmentToken { get; init; }

    /// <summary>The node's name, unique in its cluster (Kubernetes node name or host name).</summary>
    public required string NodeName { get; init; }

    public string? CollectorVersion { get; init; }

    public string? KernelVersion { get; init; }
}

/// <summary>
/// The node's credential, shown once: the collector stores it and sends it as
/// <c>Authorization: Bearer</c> from then on. Enrolling again under the same node name revokes
/// the node's previous credential.
/// </summary>
public sealed record EnrollResponse(Guid NodeId, Guid ClusterId, string NodeCredential);

/// <summary>
/// A collector's new credential from <c>POST /api/v1/ingest/credentials/rotate</c>, shown once. The
/// credential the call was made with keeps working until <paramref name="PreviousCredentialExpiresAt"/>
/// (a few seconds, for requests already under way), then stops.
/// </summary>
public sealed record RotatedCredential(Guid NodeId, string NodeCredential, DateTimeOffset PreviousCredentialExpiresAt);

/// <summary>The answer to an accepted batch: the broker has confirmed it, nothing will be lost.</summary>
public sealed record BatchAccepted(Guid BatchId, int Exchanges);
