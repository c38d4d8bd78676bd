using System.Net;
using LlmObserve.Contracts.Enrollment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.Benchmarks;

/// <summary>
/// Stands in for a remote ingest-api in the capture benchmark: it answers enrollment, accepts
/// batches (202) and heartbeats and throws them away. On a real node the backend runs elsewhere;
/// running ours on the same two cores would measure the backend's CPU, not the collector's overhead.
/// </summary>
internal sealed class DiscardingIngest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _batches;

    private DiscardingIngest(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public long Batches => Interlocked.Read(ref _batches);

    public static async Task<DiscardingIngest> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var ingest = new DiscardingIngest(app);
        app.MapPost("/api/v1/enroll", () => Results.Json(new EnrollResponse(Guid.NewGuid(), Guid.NewGuid(), "llmo_node_benchmark")));
        app.MapPost("/api/v1/ingest/exchanges", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref ingest._batches);
            return Results.Json(new BatchAccepted(Guid.NewGuid(), 0), statusCode: StatusCodes.Status202Accepted);
        });
        app.MapPost("/api/v1/ingest/heartbeat", () => Results.NoContent());
        await app.StartAsync();
        ingest.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return ingest;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
