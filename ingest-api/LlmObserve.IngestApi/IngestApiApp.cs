using LlmObserve.IngestApi.Extensions;

namespace LlmObserve.IngestApi;

/// <summary>The web application, built the same way for `serve`, for tests and for benchmarks.</summary>
public static class IngestApiApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddIngestApiServices();
        var app = builder.Build();
        app.MapIngestApi();
        return app;
    }
}
