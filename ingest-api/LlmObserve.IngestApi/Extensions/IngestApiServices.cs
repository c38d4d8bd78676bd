using LlmObserve.Administration;
using LlmObserve.Administration.Audit;
using LlmObserve.Administration.Fleet;
using LlmObserve.Data;
using LlmObserve.Data.Tenancy;
using LlmObserve.IngestApi.Apis;
using LlmObserve.IngestApi.Auth;
using LlmObserve.IngestApi.Destinations;
using LlmObserve.IngestApi.Fleet;
using LlmObserve.IngestApi.Ingest;
using LlmObserve.ServiceDefaults;
using MassTransit;

namespace LlmObserve.IngestApi.Extensions;

internal static class IngestApiServices
{
    public static void AddIngestApiServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var ingest = builder.Configuration.GetValidated<IngestOptions>(IngestOptions.Section);
        services.AddValidatedOptions<IngestOptions>(IngestOptions.Section);

        // Kestrel refuses compressed batches over the cap before they are read (413).
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ingest.MaxCompressedBytes);

        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());

        // The tenant comes from authentication, and from nowhere else.
        services.AddHttpContextAccessor();
        services.AddScoped<ITenantContext, HttpTenantContext>();
        services.AddScoped<IAuditActorAccessor, HttpAuditActorAccessor>();
        services.AddTenantAdministration(builder.Configuration);
        services.AddScoped<NodeCredentialRotation>();
        services.AddDestinations(builder.Configuration);
        services.AddLlmObserveDatabase(builder.Configuration);
        services.AddLlmObserveAuthentication();
        services.AddLlmObserveRateLimiting(builder.Configuration);

        services.AddSingleton<BatchReader>();
        services.AddScoped<BatchPublisher>();
        services.AddScoped<EnrollmentService>();
        services.AddScoped<NodeStatus>();

        services.AddMassTransit(x => x.UsingRabbitMq((_, cfg) =>
        {
            cfg.ConfigureLlmObserveHost(builder.Configuration);
            cfg.BindScanQueueOnPublish();
        }));
        services.AddHealthChecks().AddPostgres();
    }

    public static void MapIngestApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter(); // after authorization: the caller (API key, node) is known by then

        app.MapOpenApi();
        app.MapHealthEndpoints();

        var v1 = app.MapGroup("/api/v1");
        v1.MapEnrollmentApi();
        v1.MapCaptureApi();
        v1.MapHeartbeatApi();
        v1.MapExchangesApi();
        v1.MapFindingsApi();
        v1.MapRulesApi();
        v1.MapClustersApi();
        v1.MapNodesApi();
        v1.MapApiKeysApi();
        v1.MapAuditApi();
        v1.MapDestinationsApi();
        v1.MapDeployApi();
    }
}
