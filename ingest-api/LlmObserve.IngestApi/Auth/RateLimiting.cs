using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using LlmObserve.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;

namespace LlmObserve.IngestApi.Auth;

/// <summary>
/// Token buckets per API key, per node and, for unauthenticated calls (enrollment), per client
/// address. Section <c>RateLimits</c>. A bucket holds <c>…Burst</c> requests and refills at
/// <c>…PerSecond</c>; a request that finds it empty gets 429 with Retry-After.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, 1_000_000)]
    public int ApiKeyPerSecond { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int ApiKeyBurst { get; set; } = 200;

    /// <summary>
    /// A collector posts a batch every second or so (of up to a few hundred exchanges) and a
    /// heartbeat every few seconds; a node behind on its spool catches up at this rate.
    /// </summary>
    [Range(1, 1_000_000)]
    public int NodePerSecond { get; set; } = 100;

    [Range(1, 1_000_000)]
    public int NodeBurst { get; set; } = 500;

    /// <summary>Calls no credential vouches for (enrollment), per client address: slows token guessing.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousPerSecond { get; set; } = 5;

    [Range(1, 1_000_000)]
    public int AnonymousBurst { get; set; } = 100;
}

internal static class RateLimiting
{
    public static IServiceCollection AddLlmObserveRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetValidated<RateLimitOptions>(RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, options));
            limiter.OnRejected = WriteRejectionAsync;
        });
        return services;
    }

    /// <summary>
    /// Runs after authorization, which has authenticated the endpoint's scheme: the caller is
    /// known by its key or node id. Health checks and the OpenAPI document are not limited.
    /// </summary>
    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions options)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var user = http.User;
        if (user.FindFirst(LlmObserveClaims.ApiKeyId)?.Value is { } key)
        {
            return Bucket("key:" + key, options.ApiKeyPerSecond, options.ApiKeyBurst);
        }

        if (user.FindFirst(LlmObserveClaims.NodeId)?.Value is { } node)
        {
            return Bucket("node:" + node, options.NodePerSecond, options.NodeBurst);
        }

        var address = http.Connection.RemoteIpAddress ?? IPAddress.None;
        return Bucket("ip:" + address, options.AnonymousPerSecond, options.AnonymousBurst);
    }

    private static RateLimitPartition<string> Bucket(string partition, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The rate limit of this caller is exhausted; retry after {retryAfter} s.",
            },
        });
    }
}
