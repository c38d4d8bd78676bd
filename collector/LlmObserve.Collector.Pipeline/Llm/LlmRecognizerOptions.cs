using System.Globalization;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Llm;

/// <summary>
/// What the recognizer knows beyond the public providers: gateways and in-cluster model servers.
/// </summary>
public sealed record LlmRecognizerOptions
{
    /// <summary>Every provider name the wire knows (<see cref="LlmProviders"/>).</summary>
    public static IReadOnlySet<string> KnownProviders { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        LlmProviders.OpenAi, LlmProviders.AzureOpenAi, LlmProviders.Anthropic, LlmProviders.Gemini, LlmProviders.Bedrock,
        LlmProviders.Mistral, LlmProviders.Cohere, LlmProviders.Groq, LlmProviders.OpenRouter, LlmProviders.Ollama,
        LlmProviders.Vllm, LlmProviders.OpenAiCompatible,
    };

    /// <summary>
    /// <c>host</c> or <c>host:port</c> → provider (gateways, the test mock: <c>127.0.0.1:44321</c> → openai).
    /// Any request to such a host is an LLM call of that provider, whatever the capture source.
    /// </summary>
    public IReadOnlyDictionary<string, string> Hosts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Server port → provider for plaintext sockets (<c>11434</c> → ollama, <c>8000</c> → vllm). Only requests to
    /// the provider's LLM endpoints count (not health checks or model listings).
    /// </summary>
    public IReadOnlyDictionary<int, string> PlaintextPorts { get; init; } = new Dictionary<int, string>();

    /// <summary>
    /// Options from configuration entries: <c>host[:port]=provider</c> and <c>port=provider</c>.
    /// Throws <see cref="FormatException"/> naming the entry that is wrong.
    /// </summary>
    public static LlmRecognizerOptions Parse(IEnumerable<string> hostEntries, IEnumerable<string> portEntries)
    {
        ArgumentNullException.ThrowIfNull(hostEntries);
        ArgumentNullException.ThrowIfNull(portEntries);
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in hostEntries)
        {
            var (key, provider) = Split(entry);
            hosts[key.ToLowerInvariant()] = provider;
        }

        var ports = new Dictionary<int, string>();
        foreach (var entry in portEntries)
        {
            var (key, provider) = Split(entry);
            ports[int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : throw new FormatException($"'{entry}': '{key}' is not a port number.")] = provider;
        }

        var options = new LlmRecognizerOptions { Hosts = hosts, PlaintextPorts = ports };
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new FormatException(string.Join(" ", errors));
    }

    /// <summary>What is wrong with these options, one message per entry (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (host, provider) in Hosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal) || host.Contains(' ', StringComparison.Ordinal))
            {
                errors.Add($"Hosts: '{host}' is not a host or host:port.");
            }

            CheckProvider($"Hosts['{host}']", provider);
        }

        foreach (var (port, provider) in PlaintextPorts)
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"PlaintextPorts: {port} is not a port number.");
            }

            CheckProvider($"PlaintextPorts[{port}]", provider);
        }

        return errors;

        void CheckProvider(string where, string provider)
        {
            if (!KnownProviders.Contains(provider))
            {
                errors.Add($"{where}: '{provider}' is not a provider; use one of {string.Join(", ", KnownProviders.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private static (string Key, string Provider) Split(string entry)
    {
        var equals = entry.LastIndexOf('=');
        return equals > 0 && equals < entry.Length - 1
            ? (entry[..equals].Trim(), entry[(equals + 1)..].Trim())
            : throw new FormatException($"'{entry}' is not of the form key=provider.");
    }
}
