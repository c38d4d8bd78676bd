namespace LlmObserve.Collector.Pipeline.Http;

internal enum MessageKind
{
    Request,
    Response,
}

/// <summary>
/// What a <see cref="MessageReader"/> tells the connection it reads for. The connection pairs requests with
/// responses and decides how response bodies are read (a response to HEAD has none). Methods returning a
/// string return why the connection must be given up (a <see cref="DropReasons"/> value), or null.
/// </summary>
internal interface IMessageHandler
{
    /// <param name="afterLoss">The message follows bytes the capture lost: earlier messages may be missing.</param>
    BodyPlan OnRequestHead(HttpRequestHead head, DateTimeOffset startedAt, bool afterLoss);

    BodyPlan OnResponseHead(HttpResponseHead head, bool afterLoss);

    string? OnRequestComplete(HttpBody body, DateTimeOffset at);

    string? OnResponseComplete(HttpBody body, DateTimeOffset at);
}
