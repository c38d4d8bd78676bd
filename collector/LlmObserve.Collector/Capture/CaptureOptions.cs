using System.Globalization;

namespace LlmObserve.Collector.Capture;

/// <summary>
/// What the collector captures. Section <c>Capture</c>; every list also takes comma-separated text
/// (<c>--plaintext-port 11434=ollama,8000=vllm</c>). <see cref="Problems"/> names each bad key.
/// </summary>
public sealed class CaptureOptions
{
    public const string Section = "Capture";

    /// <summary>Decoded body bytes kept per request and per response; longer bodies are cut and flagged.</summary>
    public int BodyCapBytes { get; set; } = 1 << 20;

    /// <summary>Bytes of one message the kernel sends at most, per connection and direction (a run of one direction until the other sends); the rest is counted as dropped.</summary>
    public long ConnectionByteCap { get; set; } = 64L << 20;

    /// <summary>Kernel ring buffer size (a power of two).</summary>
    public int RingBufferBytes { get; set; } = 16 << 20;

    /// <summary>Captured bytes waiting in the collector for the pipeline; past it records are dropped and counted.</summary>
    public long MaxQueuedBytes { get; set; } = 32L << 20;

    /// <summary>Plaintext model servers: <c>PORT=PROVIDER</c> (e.g. <c>11434=ollama</c>, <c>8000=vllm</c>).</summary>
    public IList<string> PlaintextPorts { get; } = [];

    /// <summary>Extra LLM endpoints by host: <c>HOST[:PORT]=PROVIDER</c> (gateways, private endpoints).</summary>
    public IList<string> ProviderHosts { get; } = [];

    /// <summary>When not empty, only processes in these Kubernetes namespaces are captured.</summary>
    public IList<string> WatchNamespaces { get; } = [];

    /// <summary>When not empty, only processes whose command or executable name matches one of these globs.</summary>
    public IList<string> WatchCommands { get; } = [];

    /// <summary>Processes whose command or executable name matches one of these globs are never captured.</summary>
    public IList<string> ExcludeCommands { get; } = [];

    /// <summary>
    /// How often every process is looked at again for TLS libraries loaded late (dlopen in a container
    /// with its own libssl). New processes are also looked at 0.2 s and 2 s after they start, and the
    /// host's libssl is probed from the start, so this only bounds how late a rare case is covered.
    /// </summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An exchange with no response after this long is shipped without one.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public IReadOnlyDictionary<int, string> PlaintextPortMap() =>
        Pairs(PlaintextPorts).ToDictionary(p => int.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value);

    public IReadOnlyDictionary<string, string> ProviderHostMap() =>
        Pairs(ProviderHosts).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Problems()
    {
        if (BodyCapBytes < 1024)
        {
            yield return $"{Section}:{nameof(BodyCapBytes)} must be at least 1024";
        }

        if (RingBufferBytes < 4096 || (RingBufferBytes & (RingBufferBytes - 1)) != 0)
        {
            yield return $"{Section}:{nameof(RingBufferBytes)} must be a power of two of at least 4096";
        }

        if (MaxQueuedBytes < 1 << 20)
        {
            yield return $"{Section}:{nameof(MaxQueuedBytes)} must be at least 1 MiB";
        }

        foreach (var (key, value) in Pairs(PlaintextPorts))
        {
            if (!int.TryParse(key, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535 || value.Length == 0)
            {
                yield return $"{Section}:{nameof(PlaintextPorts)} entry '{key}={value}' must be PORT=PROVIDER with a port from 1 to 65535";
            }
        }

        foreach (var (key, value) in Pairs(ProviderHosts))
        {
            if (key.Length == 0 || value.Length == 0)
            {
                yield return $"{Section}:{nameof(ProviderHosts)} entry '{key}={value}' must be HOST[:PORT]=PROVIDER";
            }
        }
    }

    /// <summary>The entries of a list setting: each item may hold several, separated by commas.</summary>
    public static IEnumerable<string> Entries(IEnumerable<string> list) =>
        list.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Entries of a list as KEY=VALUE (VALUE empty when there is no '=').</summary>
    private static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<string> entries) =>
        Entries(entries)
            .Select(e => e.Split('=', 2, StringSplitOptions.TrimEntries))
            .Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : ""));
}
