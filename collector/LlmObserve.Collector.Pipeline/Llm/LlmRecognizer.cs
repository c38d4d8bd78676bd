using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Llm;

/// <summary>
/// Decides whether a request is an LLM call, and which: provider, API and model. In order: configured
/// hosts, the public providers' hosts, configured plaintext ports, then the API's shape on any other host.
/// Anything else is not an LLM call (null).
/// </summary>
/// <remarks>Stateless after construction: safe to share, though the pipeline calls it from one thread.</remarks>
public sealed class LlmRecognizer
{
    private readonly Dictionary<string, string> _hosts;
    private readonly Dictionary<int, string> _ports;

    public LlmRecognizer(LlmRecognizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _hosts = options.Hosts.ToDictionary(h => h.Key.Trim().ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);
        _ports = new Dictionary<int, string>(options.PlaintextPorts);
    }

    /// <param name="body">The request body after decoding (possibly cut at the body cap).</param>
    public LlmCall? Recognize(HttpRequestHead request, ReadOnlySpan<byte> body, CaptureSource source, CapturedConnection? connection)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = RequestTarget.Parse(request.Target);
        var path = target.Path.Length > 1 ? target.Path.TrimEnd('/') : target.Path;
        var authority = HeaderValues.Get(request.Headers, "Host") ?? target.Authority ?? connection?.ServerName;
        var (host, hostPort) = authority is null ? (string.Empty, null) : RequestTarget.SplitAuthority(authority);
        var port = hostPort ?? connection?.RemotePort ?? (source == CaptureSource.OpenSslUprobe ? 443 : 80);

        var provider = ConfiguredHost(host, port) ?? ProviderHosts.Match(host, path);
        var anyPath = provider is not null;
        if (provider is null && source == CaptureSource.PlaintextSocket)
        {
            provider = _ports.GetValueOrDefault(connection?.RemotePort ?? hostPort ?? 0);
        }

        if (provider is null)
        {
            return ApiShapes.Match(path, request.Headers, body);
        }

        var (endpoint, pathModel) = ProviderEndpoints.Match(provider, path);
        if (endpoint == LlmEndpoints.Other && !anyPath)
        {
            return null; // a model server's port also answers health checks and model listings
        }

        return new LlmCall { Provider = provider, Endpoint = endpoint, Model = pathModel ?? JsonModel.Read(body) };
    }

    private string? ConfiguredHost(string host, int port) =>
        _hosts.Count == 0 || host.Length == 0 ? null
        : _hosts.GetValueOrDefault(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}")
            ?? _hosts.GetValueOrDefault(host);
}
