namespace LlmObserve.Collector.Pipeline;

/// <summary>
/// Every stage and reason this library counts through <see cref="CollectorMetrics.Dropped"/>, in one place
/// so heartbeats and dashboards can list them. The unit is named per reason: connections, chunks, bytes,
/// messages or exchanges.
/// </summary>
public static class DropReasons
{
    public const string ReassemblyStage = "reassembly";
    public const string HttpStage = "http";
    public const string LlmStage = "llm";

    /// <summary>reassembly, bytes: never arrived (gap in the chunk offsets).</summary>
    public const string LostBytes = "lost_bytes";

    /// <summary>reassembly, chunks: every byte was seen before.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>http, connections: the first bytes sent are not an HTTP/1.x request.</summary>
    public const string NotHttp = "not_http";

    /// <summary>http, connections: the client sent the HTTP/2 preface.</summary>
    public const string Http2 = "http2";

    /// <summary>http, connections: the captured process is the server (reads requests, writes responses).</summary>
    public const string ServerSide = "server_side";

    /// <summary>http, connections: unparseable HTTP or an unexpected failure while parsing.</summary>
    public const string Malformed = "malformed";

    /// <summary>http, connections: a head over the size or header-count limit.</summary>
    public const string HeaderLimit = "header_limit";

    /// <summary>http, connections (first request) or exchanges (later ones): not an LLM call; llm, exchanges: not recognized when built.</summary>
    public const string NotLlm = "not_llm";

    /// <summary>http, connections: switched protocols (101, CONNECT tunnel).</summary>
    public const string Upgraded = "upgraded";

    /// <summary>http, connections: more pipelined requests waiting than allowed.</summary>
    public const string TooManyPending = "too_many_pending";

    /// <summary>http, connections: no message start found after a loss within the resync limit.</summary>
    public const string NoSync = "no_sync";

    /// <summary>http, connections: the stage-wide buffer budget could not hold a head.</summary>
    public const string MemoryBudget = "memory_budget";

    /// <summary>http, connections: the least recently active connection, evicted for a new one.</summary>
    public const string Evicted = "evicted";

    /// <summary>http, connections: the connection control threw while muting (the connection is forgotten anyway).</summary>
    public const string MuteFailed = "mute_failed";

    /// <summary>http, chunks: arrived for a connection already muted.</summary>
    public const string Muted = "muted";

    /// <summary>http, bytes: skipped while looking for the next message start after a loss.</summary>
    public const string Resync = "resync";

    /// <summary>http, bytes: the start of a head that never completed (loss, close, kernel cap).</summary>
    public const string IncompleteHead = "incomplete_head";

    /// <summary>http, bytes: arrived after the kernel said the direction was cut (truncated flag).</summary>
    public const string AfterEnd = "after_end";

    /// <summary>http, messages: a response with no request to pair it with.</summary>
    public const string UnpairedResponse = "unpaired_response";

    /// <summary>http, bytes: decoded body bytes beyond the body cap (counted in the body size, not kept).</summary>
    public const string BodyCap = "body_cap";

    /// <summary>http, messages: a body cut short because the stage-wide buffer budget was spent.</summary>
    public const string BodyBudget = "body_budget";

    // http, messages: content decoding stopped; the reason is the body's DecodeError (Content.DecodeErrors).

    /// <summary>llm, exchanges: the output channel was full.</summary>
    public const string ChannelFull = "channel_full";

    /// <summary>llm, exchanges: building the wire exchange failed unexpectedly.</summary>
    public const string BuildFailed = "build_failed";
}
