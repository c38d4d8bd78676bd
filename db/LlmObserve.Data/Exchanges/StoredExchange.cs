using System.Collections.Frozen;
using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Data.Entities;

namespace LlmObserve.Data.Exchanges;

/// <summary>
/// A stored exchange back in its wire form, so the detection engine reads it as it read it on arrival: for the
/// conversation view of the read API and for dry-running rules against stored traffic.
/// </summary>
public static class StoredExchange
{
    private static readonly FrozenDictionary<string, CaptureSource> Sources =
        Enum.GetValues<CaptureSource>().ToFrozenDictionary(WireName.Of, v => v, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, BodyEncoding> Encodings =
        Enum.GetValues<BodyEncoding>().ToFrozenDictionary(WireName.Of, v => v, StringComparer.Ordinal);

    public static CapturedExchange ToCaptured(this Exchange e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new CapturedExchange
        {
            Id = e.Id,
            CapturedAt = e.CapturedAt,
            CompletedAt = e.CompletedAt,
            Source = Sources.GetValueOrDefault(e.Source, CaptureSource.OpenSslUprobe),
            Workload = new WorkloadIdentity
            {
                Node = e.NodeName,
                Pid = e.Pid,
                Command = e.Command,
                Executable = e.Executable,
                ContainerId = e.ContainerId,
                Pod = e.Pod,
                Namespace = e.Namespace,
            },
            Connection = new CapturedConnection
            {
                LocalAddress = e.LocalAddress,
                LocalPort = e.LocalPort,
                RemoteAddress = e.RemoteAddress,
                RemotePort = e.RemotePort,
                ServerName = e.ServerName,
            },
            Request = new CapturedRequest
            {
                Method = e.Method,
                Path = e.Path,
                Host = e.Host,
                Headers = Headers(e.RequestHeaders),
                Body = e.RequestBody,
                BodyEncoding = Encodings.GetValueOrDefault(e.RequestBodyEncoding, BodyEncoding.Utf8),
                BodySize = e.RequestBodySize,
                BodyTruncated = e.RequestBodyTruncated,
                LostBytes = e.RequestLostBytes,
            },
            Response = e.StatusCode is not { } status ? null : new CapturedResponse
            {
                StatusCode = status,
                Headers = Headers(e.ResponseHeaders),
                Body = e.ResponseBody,
                BodyEncoding = Encodings.GetValueOrDefault(e.ResponseBodyEncoding ?? "", BodyEncoding.Utf8),
                BodySize = e.ResponseBodySize,
                BodyTruncated = e.ResponseBodyTruncated,
                LostBytes = e.ResponseLostBytes,
            },
            Streamed = e.Streamed,
            Llm = e.LlmProvider is null ? null : new LlmCall { Provider = e.LlmProvider, Endpoint = e.LlmEndpoint!, Model = e.LlmModel },
        };
    }

    public static IReadOnlyList<HttpHeader> Headers(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, CaptureJson.Default.IReadOnlyListHttpHeader) ?? [];
}
