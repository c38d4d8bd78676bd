using System.ComponentModel.DataAnnotations;
using System.Net;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Section <c>Delivery</c>: how the scanner worker pushes findings to destinations. ingest-api reads
/// the same section for <see cref="AllowedNetworks"/>, as it sends dead letters again itself.
/// </summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Delivery";

    /// <summary>Off: this worker delivers nothing (another one does).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each destination's feed is read for new findings.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Tries per finding before it becomes a dead letter.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed try; it doubles after each further one, up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one try may take (connect, TLS, request and answer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Destinations delivered at once by one worker; a slow one holds up only its own slot.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentDestinations { get; set; } = 16;

    /// <summary>Findings read from the feed at a time.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Loopback and private networks (CIDR, e.g. <c>10.20.0.0/16</c>) that destinations may be in, such
    /// as the SIEM's; empty allows public addresses only. Link-local (cloud metadata), multicast and
    /// unspecified addresses stay refused whatever this says (<see cref="DestinationNetworks"/>).
    /// </summary>
    public IList<IPNetwork> AllowedNetworks { get; } = [];

    /// <summary>The addresses delivery may connect to, as <see cref="AllowedNetworks"/> says.</summary>
    public DestinationNetworks Networks() => new(AllowedNetworks);

    /// <summary>The wait after try <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var wait = InitialBackoff.TotalMilliseconds * factor;
        return TimeSpan.FromMilliseconds(Math.Min(wait, MaxBackoff.TotalMilliseconds));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult("MaxBackoff must not be less than InitialBackoff.", [nameof(MaxBackoff)]);
        }
    }
}
