namespace LlmObserve.Collector.Tests.Capture;

/// <summary>One backend, mock provider and collector for all capture tests (they run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class CaptureGroup : ICollectionFixture<CaptureFixture>
{
    public const string Name = "capture";
}

internal static class Markers
{
    /// <summary>A token no other test's traffic contains, to find this test's exchanges.</summary>
    public static string New() => "m" + Guid.NewGuid().ToString("N")[..16];
}
