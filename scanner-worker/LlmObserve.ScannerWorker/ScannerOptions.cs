using System.ComponentModel.DataAnnotations;

namespace LlmObserve.ScannerWorker;

/// <summary>Section <c>Scanner</c>.</summary>
public sealed class ScannerOptions
{
    public const string Section = "Scanner";

    /// <summary>Messages (batches) processed at once by one worker.</summary>
    [Range(1, 256)]
    public int ConcurrentMessages { get; set; } = 4;

    /// <summary>Messages the broker sends ahead of acknowledgement.</summary>
    [Range(1, 1024)]
    public int Prefetch { get; set; } = 8;
}
