using LlmObserve.Integrations.Delivery;
using LlmObserve.Data;
using LlmObserve.ScannerWorker.Consumers;
using LlmObserve.ServiceDefaults;
using MassTransit;

namespace LlmObserve.ScannerWorker;

/// <summary>
/// The worker: MassTransit consumers on the scan queue, and a small web server for health
/// probes only (<c>/healthz</c>, <c>/readyz</c>).
/// </summary>
public static class ScannerWorkerApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;
        services.AddValidatedOptions<ScannerOptions>(ScannerOptions.Section);
        services.AddLlmObserveDatabase(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TenantEngines>();
        services.AddFindingDelivery(builder.Configuration);

        services.AddMassTransit(x =>
        {
            x.AddConsumer<ExchangesCapturedConsumer, ExchangesCapturedConsumerDefinition>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.ConfigureLlmObserveHost(builder.Configuration);
                cfg.ConfigureEndpoints(context);
            });
        });
        services.AddHealthChecks().AddPostgres();

        var app = builder.Build();
        app.MapHealthEndpoints();
        return app;
    }
}
