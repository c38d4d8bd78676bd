using LlmObserve.Contracts.Capture;

namespace LlmObserve.Detection.Tests;

public sealed class ExchangeScannerTests
{
    private static CapturedExchange Exchange(string? requestBody, string? responseBody, BodyEncoding encoding = BodyEncoding.Utf8) => new()
    {
        Id = Guid.CreateVersion7(),
        CapturedAt = DateTimeOffset.UtcNow,
        Source = CaptureSource.OpenSslUprobe,
        Workload = new WorkloadIdentity { Node = "n" },
        Request = new CapturedRequest { Method = "POST", Path = "/v1/messages", Body = requestBody, BodyEncoding = encoding },
        Response = responseBody is null ? null : new CapturedResponse { StatusCode = 200, Body = responseBody },
    };

    [Fact]
    public void Scan_SecretsInRequestAndResponse_ReportsEachLocation()
    {
        var hits = ExchangeScanner.Default.Scan(Exchange("prompt AKIAIOSFODNN7EXAMPLE", "answer -----BEGIN PRIVATE KEY-----"));

        Assert.Equal([ExchangeScanner.RequestBody, ExchangeScanner.ResponseBody], hits.Select(h => h.Location));
    }

    [Fact]
    public void Scan_Base64Body_IsNotReadAsText()
    {
        var hits = ExchangeScanner.Default.Scan(Exchange("AKIAIOSFODNN7EXAMPLE", null, BodyEncoding.Base64));

        Assert.Empty(hits);
    }

    [Fact]
    public void Scan_NoBodies_FindsNothing() => Assert.Empty(ExchangeScanner.Default.Scan(Exchange(null, null)));
}
