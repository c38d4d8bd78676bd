using LlmObserve.Collector.Enrichment;
using LlmObserve.Collector.Pipeline.Exchanges;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Llm;
using LlmObserve.Collector.Shipping;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.Collector.Capture;

/// <summary>The stages after HTTP: LLM recognition, enrichment, redaction and the wire exchange, handed to the shipper.</summary>
internal static class ExchangeSinks
{
    public static Func<IExchangeSink> Factory(IServiceProvider services, CaptureOptions capture)
    {
        var recognizer = new LlmRecognizer(LlmRecognizerOptions.Parse(CaptureOptions.Entries(capture.ProviderHosts), CaptureOptions.Entries(capture.PlaintextPorts)));
        return () =>
        {
            var shipper = services.GetRequiredService<ExchangeShipper>();
            var scrubbing = new CommandLineScrubbing(exchange => shipper.TryEnqueue(exchange));
            return scrubbing.Wrap(new LlmExchangeSink(recognizer, services.GetRequiredService<ProcessDirectory>(), scrubbing.Output));
        };
    }
}
