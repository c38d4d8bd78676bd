using LlmObserve.Integrations.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LlmObserve.IngestApi.Destinations;

/// <summary>Registration of push destinations' API (<see cref="Apis.DestinationsApi"/>).</summary>
public static class DestinationServices
{
    /// <summary>
    /// <see cref="DestinationService"/>, <see cref="DeadLetterService"/>, and section
    /// <c>Delivery</c> (<see cref="DeliveryOptions"/>, checked at start-up): sending a dead letter
    /// again connects from ingest-api, only where <c>Delivery:AllowedNetworks</c> allows.
    /// </summary>
    public static IServiceCollection AddDestinations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDeliveryOptions(configuration);
        services.TryAddScoped<DestinationService>();
        services.TryAddScoped<DeadLetterService>();
        return services;
    }
}
