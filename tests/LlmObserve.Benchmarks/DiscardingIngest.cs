using System.IO.Compression;
using System.Net;
using System.Text.Json;
using LlmObserve.Contracts.Capture;
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
/// batches (202), counting the exchanges in them, and heartbeats, and throws them away. On a real node the backend runs elsewhere;
/// running ours on the same two cores would measure the backend's CPU, not the collector's overhead.
/// </summary>
internal sealed class DiscardingIngest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _batches;
    private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> _uncounted = new();
    private long _exchanges;

    private DiscardingIngest(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Exchanges received so far: what the collector really captured and shipped. Batches are decoded here,
    /// when asked (between the measured phases), not on receipt: this process is also the measured client.
    /// </summary>
    public long CountExchanges()
    {
        while (_uncounted.TryDequeue(out var payload))
        {
            using var json = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            Interlocked.Add(ref _exchanges, JsonSerializer.Deserialize(json, CaptureJson.Default.CaptureBatch)?.Exchanges.Count ?? 0);
        }

        return Interlocked.Read(ref _exchanges);
    }

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
            using var payload = new MemoryStream();
            await http.Request.Body.CopyToAsync(payload);
            ingest._uncounted.Enqueue(payload.ToArray());
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
