namespace LlmObserve.Contracts.Capture;

/// <summary>
/// What a collector posts to <c>POST /api/v1/ingest/exchanges</c> (gzip-compressed JSON).
/// </summary>
/// <remarks>
/// Compatibility rules: within a schema version fields are only added, never renamed or removed,
/// and every added field is optional, so an older collector keeps working. A change that breaks
/// them raises <see cref="CaptureSchema.CurrentVersion"/>, and the backend keeps reading every
/// version from <see cref="CaptureSchema.OldestSupportedVersion"/> up.
/// </remarks>
public sealed record CaptureBatch
{
    public required int SchemaVersion { get; init; }

    public required IReadOnlyList<CapturedExchange> Exchanges { get; init; }
}

public static class CaptureSchema
{
    public const int CurrentVersion = 1;
    public const int OldestSupportedVersion = 1;
}
