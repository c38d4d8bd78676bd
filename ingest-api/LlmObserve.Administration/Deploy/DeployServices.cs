using LlmObserve.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.Administration.Deploy;

/// <summary>Registration of the per-cluster deploy instructions (<see cref="CollectorDeployment"/>).</summary>
public static class DeployServices
{
    /// <summary>The <see cref="DeployOptions"/> (validated at start-up) and the <see cref="CollectorDeployment"/> renderer.</summary>
    public static IServiceCollection AddCollectorDeployment(this IServiceCollection services)
    {
        services.AddValidatedOptions<DeployOptions>(DeployOptions.Section);
        services.AddSingleton<CollectorDeployment>();
        return services;
    }
}
