using System.Diagnostics.Metrics;

namespace LlmObserve.Integrations.Delivery;

/// <summary>Counters of push delivery, by destination kind (webhook, syslog).</summary>
public static class DeliveryMetrics
{
    public const string MeterName = "LlmObserve.Integrations";
    public const string DeliveredInstrument = "llmobserve.delivery.delivered";
    public const string FailedAttemptsInstrument = "llmobserve.delivery.failed_attempts";
    public const string DeadLetteredInstrument = "llmobserve.delivery.dead_lettered";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> DeliveredCounter = Meter.CreateCounter<long>(DeliveredInstrument, description: "Findings a destination accepted.");
    private static readonly Counter<long> FailedAttemptsCounter = Meter.CreateCounter<long>(FailedAttemptsInstrument, description: "Tries a destination did not accept (each retry counts).");
    private static readonly Counter<long> DeadLetteredCounter = Meter.CreateCounter<long>(DeadLetteredInstrument, description: "Findings given up on after every try.");

    public static void Delivered(string kind) => DeliveredCounter.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void FailedAttempt(string kind) => FailedAttemptsCounter.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void DeadLettered(string kind) => DeadLetteredCounter.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
