using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmObserve.Integrations.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Runs <see cref="FindingDispatcher"/> in the host, configured by section
    /// <see cref="DeliveryOptions.Section"/> (checked at start-up). Needs the data services
    /// (<c>AddLlmObserveData</c>) and logging.
    /// </summary>
    public static IServiceCollection AddFindingDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDeliveryOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FindingDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<FindingDispatcher>());
        return services;
    }

    /// <summary>
    /// <see cref="DeliveryOptions"/> from section <see cref="DeliveryOptions.Section"/>, checked at
    /// start-up, for a host that sends to destinations without running the dispatcher (ingest-api
    /// sending a dead letter again). Registering it twice is harmless.
    /// </summary>
    public static IServiceCollection AddDeliveryOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IConfigureOptions<DeliveryOptions>) && d.ImplementationInstance is DeliveryOptionsBinding))
        {
            return services;
        }

        var binding = new DeliveryOptionsBinding(configuration);
        services.AddSingleton<IConfigureOptions<DeliveryOptions>>(binding);
        services.AddSingleton<IValidateOptions<DeliveryOptions>>(binding);
        services.AddOptions<DeliveryOptions>().ValidateOnStart();
        return services;
    }
}
