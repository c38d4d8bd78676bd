using LlmObserve.Administration;
using System.Text;
using LlmObserve.Administration.Deploy;
using LlmObserve.Data;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Apis;

/// <summary>
/// Per-cluster deploy instructions: the exact collector deployment for one of the caller's clusters, rendered
/// from the files under deploy/ (<see cref="CollectorDeployment"/>). The tenant filter of the DbContext decides
/// which clusters the caller has; another tenant's cluster is a 404 like a missing one.
/// </summary>
internal static class DeployApi
{
    private const string YamlType = "application/yaml";
    private const string ShellType = "text/x-shellscript";

    public static void MapDeployApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/clusters/{clusterId:guid}/deploy").WithTags("Clusters").RequireAuthorization(ApiScopes.Admin)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/kubernetes", KubernetesAsync)
            .WithName("GetClusterKubernetesDeployment")
            .WithSummary("The collector's Kubernetes manifests for a cluster")
            .WithDescription(
                "The objects of the collector's Kustomize base (deploy/k8s/collector: namespace, service account, settings, "
                + "DaemonSet) as one multi-document YAML, with only its placeholders filled in: the cluster's name, the ingest URL "
                + "(setting Deploy:PublicIngestUrl, else the URL this request came in on) and the collector image (Deploy:CollectorImage). "
                + "The enrollment token is never in it: the DaemonSet reads it from the Secret llmobserve-collector-enrollment (key token), "
                + "which the operator creates. Needs scope admin. 404 when the caller's tenant has no such cluster; 400 when the request's "
                + "host cannot serve as the ingest URL and Deploy:PublicIngestUrl is not set.")
            .Produces<string>(StatusCodes.Status200OK, YamlType);

        group.MapGet("/linux", LinuxAsync)
            .WithName("GetClusterLinuxInstallScript")
            .WithSummary("A script that installs the collector on a Linux node without Kubernetes")
            .WithDescription(
                "deploy/linux/install-collector.sh for this cluster: run as root on the node, it installs the collector as a hardened "
                + "systemd service (its unit and settings file inside), checks the node with the collector's doctor and starts it; "
                + "without systemd it says how to run the collector instead. It takes the enrollment token on the node from "
                + "$LLMOBSERVE_ENROLLMENT_TOKEN or --token-file and holds none itself; --dry-run shows what it would do. "
                + "Needs scope admin. 404 when the caller's tenant has no such cluster; 400 as for the Kubernetes manifests.")
            .Produces<string>(StatusCodes.Status200OK, ShellType);
    }

    private static Task<Results<ContentHttpResult, ProblemHttpResult>> KubernetesAsync(
        Guid clusterId, HttpRequest request, LlmObserveDbContext db, CollectorDeployment deployment, IOptions<DeployOptions> options, CancellationToken ct) =>
        RenderAsync(clusterId, request, db, options.Value, (name, url) => deployment.Kubernetes(name, url), YamlType, ct);

    private static Task<Results<ContentHttpResult, ProblemHttpResult>> LinuxAsync(
        Guid clusterId, HttpRequest request, LlmObserveDbContext db, CollectorDeployment deployment, IOptions<DeployOptions> options, CancellationToken ct) =>
        RenderAsync(clusterId, request, db, options.Value, (name, url) => deployment.LinuxScript(name, url), ShellType, ct);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> RenderAsync(
        Guid clusterId, HttpRequest request, LlmObserveDbContext db, DeployOptions options, Func<string, Uri, string> render, string contentType, CancellationToken ct)
    {
        var clusterName = await db.Clusters.AsNoTracking().Where(c => c.Id == clusterId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (clusterName is null)
        {
            return Problems.NotFound($"The tenant has no cluster {clusterId}.");
        }

        var ingestUrl = options.PublicIngestUrl ?? IngestUrlFromRequest(request);
        if (ingestUrl is null)
        {
            return Problems.Invalid(
                $"The URL this request came in on ({request.Scheme}://{request.Host}{request.PathBase}) cannot serve as the collectors' ingest URL; "
                + $"ingest-api's operator has to set {DeployOptions.Section}:{nameof(DeployOptions.PublicIngestUrl)}.");
        }

        return TypedResults.Text(render(clusterName, ingestUrl), contentType, Encoding.UTF8);
    }

    /// <summary>The URL this request came in on (scheme, host, path base), or null when it is unusable.</summary>
    internal static Uri? IngestUrlFromRequest(HttpRequest request) =>
        IngestUrls.FromBaseAddress($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/");
}
