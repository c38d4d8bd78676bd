namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// What the HTTP/1.1 stage asks of the stages after it. Called on the pipeline thread only.
/// </summary>
public interface IExchangeSink
{
    /// <summary>
    /// A request is complete (head and body). Return false when the connection carries no LLM traffic:
    /// the HTTP stage then stops parsing it and asks the kernel to stop sending its bytes.
    /// </summary>
    bool IsWanted(ulong connectionId, HttpRequestHead request, HttpBody body, Contracts.Capture.CaptureSource source, Contracts.Capture.CapturedConnection? addresses);

    /// <summary>An exchange is complete (response ended, connection closed, or given up on after the idle timeout).</summary>
    void Completed(HttpExchange exchange);
}

/// <summary>The kernel side's per-connection switch, filled by the collector.</summary>
public interface IConnectionControl
{
    /// <summary>Stop capturing this connection's bytes in the kernel (non-LLM traffic, server side).</summary>
    void Mute(ulong connectionId);
}
