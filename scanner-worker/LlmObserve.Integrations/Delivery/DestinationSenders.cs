using LlmObserve.Data.Entities;
using LlmObserve.Integrations.Formats;

namespace LlmObserve.Integrations.Delivery;

/// <summary>Makes the sender a destination's kind needs; also used to send a dead letter again from the API.</summary>
public static class DestinationSenders
{
    /// <summary>A sender for <paramref name="destination"/> as it is configured now, connecting only where <paramref name="networks"/> allows.</summary>
    /// <exception cref="ArgumentException">The stored configuration is not valid (the API refuses such input; only a hand-edited row gets here).</exception>
    public static IDestinationSender Create(Destination destination, TimeSpan timeout, TimeProvider clock, DestinationNetworks networks)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(networks);
        var formatter = FindingFormatters.For(destination.Format);
        if (!DestinationAddress.TryParse(destination.Kind, destination.Url, out var address, out var error))
        {
            throw new ArgumentException(error, nameof(destination));
        }

        var trust = DestinationTrust.For(destination.CaCertificate);
        return destination.Kind switch
        {
            DestinationKinds.Webhook when string.IsNullOrEmpty(destination.SigningSecret) =>
                throw new ArgumentException("A webhook destination has no signing secret.", nameof(destination)),
            DestinationKinds.Webhook => new WebhookSender(address, destination.SigningSecret, formatter, trust, timeout, clock, networks),
            _ => new SyslogSender(address, formatter, trust, timeout, networks),
        };
    }
}
