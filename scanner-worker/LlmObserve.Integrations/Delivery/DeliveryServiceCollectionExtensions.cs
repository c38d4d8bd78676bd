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
        var binding = new DeliveryOptionsBinding(configuration);
        services.AddSingleton<IConfigureOptions<DeliveryOptions>>(binding);
        services.AddSingleton<IValidateOptions<DeliveryOptions>>(binding);
        services.AddOptions<DeliveryOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FindingDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<FindingDispatcher>());
        return services;
    }
}
