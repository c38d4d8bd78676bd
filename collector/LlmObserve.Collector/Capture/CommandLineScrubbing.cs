using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Redaction;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Capture;

/// <summary>
/// Credentials also sit in command lines (<c>curl -H "Authorization: Bearer sk-…"</c>). Wraps the LLM
/// sink: the credential values of each exchange's request headers are replaced in the workload's
/// command line by their fingerprint, the same one the headers get, before the exchange leaves.
/// Single-threaded like the stage it serves: the values of the exchange being completed are handed
/// from <see cref="IExchangeSink.Completed"/> to the output callback through a field.
/// </summary>
internal sealed class CommandLineScrubbing(Action<CapturedExchange> output)
{
    private List<string> _secrets = [];

    public IExchangeSink Wrap(IExchangeSink inner) => new Sink(this, inner);

    public void Output(CapturedExchange exchange)
    {
        if (exchange.Workload.Command is { } command && _secrets.Count > 0)
        {
            foreach (var secret in _secrets)
            {
                command = command.Replace(secret, CredentialFingerprint.Redacted(secret), StringComparison.Ordinal);
            }

            exchange = exchange with { Workload = exchange.Workload with { Command = command } };
        }

        output(exchange);
    }

    private static List<string> Secrets(HttpRequestHead request)
    {
        var secrets = new List<string>();
        foreach (var header in request.Headers)
        {
            if (CredentialRedactor.IsSecretHeader(header.Name) && header.Value.Length >= 4)
            {
                var space = header.Value.IndexOf(' ', StringComparison.Ordinal);
                secrets.Add(header.Value); // whole value (cookies, raw keys)
                if (space > 0 && space < header.Value.Length - 1)
                {
                    secrets.Add(header.Value[(space + 1)..].Trim()); // the credential after its scheme
                }
            }
        }

        var query = request.Target.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            foreach (var parameter in request.Target[(query + 1)..].Split('&'))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && CredentialRedactor.IsSecretParameter(Uri.UnescapeDataString(parameter[..equals])) && parameter.Length - equals > 4)
                {
                    secrets.Add(parameter[(equals + 1)..]);
                    secrets.Add(Uri.UnescapeDataString(parameter[(equals + 1)..]));
                }
            }
        }

        // Longest first, so a value is replaced before a part of it.
        secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        return secrets;
    }

    private sealed class Sink(CommandLineScrubbing owner, IExchangeSink inner) : IExchangeSink
    {
        public bool IsWanted(ulong connectionId, HttpRequestHead request, HttpBody body, CaptureSource source, CapturedConnection? addresses) =>
            inner.IsWanted(connectionId, request, body, source, addresses);

        public void Completed(HttpExchange exchange)
        {
            owner._secrets = Secrets(exchange.Request);
            try
            {
                inner.Completed(exchange);
            }
            finally
            {
                owner._secrets = [];
            }
        }
    }
}
