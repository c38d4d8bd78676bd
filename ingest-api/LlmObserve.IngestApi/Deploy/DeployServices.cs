using LlmObserve.ServiceDefaults;

namespace LlmObserve.IngestApi.Deploy;

/// <summary>Registration of the per-cluster deploy instructions (<see cref="Apis.DeployApi"/>).</summary>
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
