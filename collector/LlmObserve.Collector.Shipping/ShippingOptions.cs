using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// How the collector ships to ingest-api. Section <c>Shipping</c>; <see cref="Validate"/> names every bad key.
/// Read once at start: changing it afterwards has no effect.
/// </summary>
public sealed class ShippingOptions
{
    public const string Section = "Shipping";

    /// <summary>The backend's limits (ingest-api IngestOptions): 8 MiB compressed, 2000 exchanges per batch.</summary>
    internal const int BackendMaxExchanges = 2000;

    /// <summary>
    /// Under the backend's 8 MiB compressed limit even for JSON gzip cannot shrink, so the uncompressed
    /// bound alone keeps a batch within both of its limits (32 MiB decompressed is further away).
    /// </summary>
    internal const long BackendSafeUncompressedBytes = 7L << 20;

    /// <summary>Base address of ingest-api, e.g. <c>https://ingest.example.com/</c>.</summary>
    public Uri? IngestUrl { get; set; }

    /// <summary>Needed only until the node has a credential (first start, or after the backend revoked it).</summary>
    public string? EnrollmentToken { get; set; }

    /// <summary>Unique in the cluster: the Kubernetes node name, else the host name.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Holds the node credential and the spool; created with mode 0700.</summary>
    public string StateDirectory { get; set; } = "/var/lib/llmobserve-collector";

    public int MaxExchangesPerBatch { get; set; } = 500;

    /// <summary>How long the first exchange of a batch waits for others before the batch is sent.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>JSON bytes of one batch before gzip; a batch over it is split before it is sent.</summary>
    public long MaxBatchBytes { get; set; } = 4L << 20;

    /// <summary>Disk the spool may use; past it new batches are dropped and counted (<c>spool_full</c>). 0 disables the spool.</summary>
    public long SpoolCapBytes { get; set; } = 256L << 20;

    /// <summary>First delay after a failed delivery; it doubles (with jitter) up to <see cref="RetryBackoffMax"/>.</summary>
    public TimeSpan RetryBackoffMin { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One request to ingest-api (enroll, batch, heartbeat); a timeout is retried like a 5xx.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The node credential is replaced (POST /api/v1/ingest/credentials/rotate) once it is this old;
    /// zero: never. A stolen copy of an old credential file stops working after the next rotation.
    /// </summary>
    public TimeSpan CredentialRotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Exchanges held in memory before they go to the spool.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    public string CollectorVersion { get; set; } = DefaultCollectorVersion();

    public string KernelVersion { get; set; } = DefaultKernelVersion();

    /// <summary>Throws an <see cref="OptionsValidationException"/> naming every bad key (<c>Shipping:Key</c>) and why.</summary>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(ShippingOptions), problems);
        }
    }

    /// <summary>One message per bad key, each starting with the key's path.</summary>
    public IEnumerable<string> Problems()
    {
        if (IngestUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{Section}:{nameof(IngestUrl)} must be an absolute http(s) URL (got '{IngestUrl}')";
        }

        if (string.IsNullOrWhiteSpace(NodeName) || NodeName.Length > 253)
        {
            yield return $"{Section}:{nameof(NodeName)} must be 1 to 253 characters";
        }

        if (string.IsNullOrWhiteSpace(StateDirectory) || !Path.IsPathFullyQualified(StateDirectory))
        {
            yield return $"{Section}:{nameof(StateDirectory)} must be an absolute path (got '{StateDirectory}')";
        }

        if (MaxExchangesPerBatch is < 1 or > BackendMaxExchanges)
        {
            yield return $"{Section}:{nameof(MaxExchangesPerBatch)} must be 1 to {BackendMaxExchanges}, the backend's limit (got {MaxExchangesPerBatch})";
        }

        if (MaxBatchBytes is < 1024 or > BackendSafeUncompressedBytes)
        {
            yield return $"{Section}:{nameof(MaxBatchBytes)} must be 1024 to {BackendSafeUncompressedBytes} (got {MaxBatchBytes})";
        }

        if (SpoolCapBytes < 0)
        {
            yield return $"{Section}:{nameof(SpoolCapBytes)} must not be negative (got {SpoolCapBytes})";
        }

        if (QueueCapacity < 1)
        {
            yield return $"{Section}:{nameof(QueueCapacity)} must be at least 1 (got {QueueCapacity})";
        }

        foreach (var (name, value, min) in new[]
        {
            (nameof(MaxBatchDelay), MaxBatchDelay, TimeSpan.FromMilliseconds(1)),
            (nameof(RetryBackoffMin), RetryBackoffMin, TimeSpan.FromMilliseconds(10)),
            (nameof(RequestTimeout), RequestTimeout, TimeSpan.FromMilliseconds(100)),
            (nameof(HeartbeatInterval), HeartbeatInterval, TimeSpan.FromMilliseconds(50)),
        })
        {
            if (value < min || value > TimeSpan.FromHours(1))
            {
                yield return $"{Section}:{name} must be {min} to 01:00:00 (got {value})";
            }
        }

        if (CredentialRotationInterval != TimeSpan.Zero && (CredentialRotationInterval < TimeSpan.FromSeconds(1) || CredentialRotationInterval > TimeSpan.FromDays(3650)))
        {
            yield return $"{Section}:{nameof(CredentialRotationInterval)} must be 00:00:00 (never) or 00:00:01 to 3650 days (got {CredentialRotationInterval})";
        }

        if (RetryBackoffMax < RetryBackoffMin || RetryBackoffMax > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:{nameof(RetryBackoffMax)} must be {nameof(RetryBackoffMin)} ({RetryBackoffMin}) to 01:00:00 (got {RetryBackoffMax})";
        }

        if (string.IsNullOrWhiteSpace(CollectorVersion))
        {
            yield return $"{Section}:{nameof(CollectorVersion)} must not be empty";
        }

        if (string.IsNullOrWhiteSpace(KernelVersion))
        {
            yield return $"{Section}:{nameof(KernelVersion)} must not be empty";
        }
    }

    private static string DefaultCollectorVersion() =>
        (Assembly.GetEntryAssembly() ?? typeof(ShippingOptions).Assembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    private static string DefaultKernelVersion()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
        catch (UnauthorizedAccessException)
        {
            return RuntimeInformation.OSDescription;
        }
    }
}

/// <summary>For hosts that bind <see cref="ShippingOptions"/> with Microsoft.Extensions.Options and <c>ValidateOnStart()</c>.</summary>
public sealed class ShippingOptionsValidator : IValidateOptions<ShippingOptions>
{
    public ValidateOptionsResult Validate(string? name, ShippingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }
}
