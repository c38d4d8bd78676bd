using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Llm;
using LlmObserve.Collector.Pipeline.Redaction;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Exchanges;

/// <summary>Turns an HTTP exchange into the wire's <see cref="CapturedExchange"/>, credentials redacted.</summary>
public static class ExchangeBuilder
{
    public static CapturedExchange Build(HttpExchange exchange, LlmCall llm, WorkloadIdentity workload)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var target = RequestTarget.Parse(exchange.Request.Target);
        var (requestBody, requestEncoding) = BodyText.Encode(exchange.RequestBody);
        var request = new CapturedRequest
        {
            Method = exchange.Request.Method,
            Path = CredentialRedactor.RedactPath(target.Path, target.Query),
            Host = HeaderValues.Get(exchange.Request.Headers, "Host") ?? target.Authority ?? exchange.Addresses?.ServerName,
            Headers = CredentialRedactor.RedactHeaders(exchange.Request.Headers),
            Body = requestBody,
            BodyEncoding = requestEncoding,
            BodySize = exchange.RequestBody.DecodedSize,
            BodyTruncated = exchange.RequestBody.Truncated,
            LostBytes = exchange.RequestBody.LostBytes,
        };

        return new CapturedExchange
        {
            // A UUIDv7 holds Unix milliseconds: a start time before 1970 (a corrupt kernel timestamp) must not throw.
            Id = Guid.CreateVersion7(exchange.RequestStartedAt < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : exchange.RequestStartedAt),
            CapturedAt = exchange.RequestStartedAt,
            CompletedAt = exchange.ResponseCompletedAt,
            Source = exchange.Source,
            Workload = workload,
            Connection = exchange.Addresses,
            Request = request,
            Response = exchange.Response is null ? null : BuildResponse(exchange.Response, exchange.ResponseBody),
            Streamed = exchange.Streamed,
            Llm = llm,
        };
    }

    private static CapturedResponse BuildResponse(HttpResponseHead head, HttpBody? body)
    {
        var (text, encoding) = body is null ? (null, BodyEncoding.Utf8) : BodyText.Encode(body);
        return new CapturedResponse
        {
            StatusCode = head.StatusCode,
            Headers = CredentialRedactor.RedactHeaders(head.Headers),
            Body = text,
            BodyEncoding = encoding,
            BodySize = body?.DecodedSize,
            BodyTruncated = body?.Truncated ?? true,
            LostBytes = body?.LostBytes ?? 0,
        };
    }
}
