using LlmObserve.Contracts.Capture;

namespace LlmObserve.Detection;

/// <summary>Runs every detector over the text parts of a captured exchange.</summary>
public sealed class ExchangeScanner(IEnumerable<IDetector> detectors)
{
    public const string RequestBody = "request.body";
    public const string ResponseBody = "response.body";

    private readonly IDetector[] _detectors = [.. detectors];

    public static ExchangeScanner Default { get; } = new([new SecretDetector()]);

    public IReadOnlyList<DetectorHit> Scan(CapturedExchange exchange)
    {
        var detections = new List<DetectorHit>();
        ScanBody(exchange.Request, RequestBody, detections);
        if (exchange.Response is { } response)
        {
            ScanBody(response, ResponseBody, detections);
        }

        return detections;
    }

    private void ScanBody(CapturedMessage message, string location, List<DetectorHit> detections)
    {
        // Binary bodies (base64) are not text a model reads; the engine's normalizers decide later.
        if (message.Body is not { Length: > 0 } body || message.BodyEncoding != BodyEncoding.Utf8)
        {
            return;
        }

        foreach (var detector in _detectors)
        {
            detector.Detect(body, location, detections);
        }
    }
}
