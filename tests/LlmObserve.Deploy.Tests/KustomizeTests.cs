using System.Text.Json.Nodes;
using static LlmObserve.Deploy.Tests.KubeObjects;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// Every Kustomize base and overlay under deploy/k8s renders with <c>kubectl kustomize</c>, and what it
/// renders holds the invariants of the READMEs (<see cref="KubeInvariants"/>); the checker itself is shown
/// to catch each kind of breach.
/// </summary>
public sealed class KustomizeTests
{
    private static readonly string[] Overlays = ["overlays/production", "overlays/single-node"];

    private static readonly string[] BackendDeployments = ["llmobserve-ingest-api", "llmobserve-scanner-worker", "llmobserve-web"];

    public static TheoryData<string> Directories() => [.. KubeTool.KustomizationDirectories()];

    public static TheoryData<string> OverlayDirectories() => [.. Overlays];

    [Fact]
    public void TheBasesAndOverlays_AreAllFound()
    {
        Assert.Superset(new HashSet<string>(["backend", "collector", .. Overlays], StringComparer.Ordinal), KubeTool.KustomizationDirectories().ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Directories))]
    public async Task Rendering_HoldsEveryInvariant(string directory)
    {
        var objects = await KubeTool.RenderAsync(directory);

        Assert.NotEmpty(KubePod.Of(objects));
        Assert.Empty(KubeInvariants.Check(objects));
    }

    [Theory]
    [MemberData(nameof(OverlayDirectories))]
    public async Task Overlay_RunsBackendAndCollector_WithEveryImageOnAReleaseTag(string overlay)
    {
        var objects = await KubeTool.RenderAsync(overlay);

        var pods = KubePod.Of(objects);
        Assert.Equal(BackendDeployments, pods.Where(p => p.Kind is "Deployment").Select(p => Name(p.Owner)).Order(StringComparer.Ordinal));
        Assert.Equal(["DaemonSet/llmobserve-collector", "Job/llmobserve-migrate"], pods.Where(p => p.Kind is not "Deployment").Select(p => p.Where).Order(StringComparer.Ordinal));
        var images = pods.SelectMany(p => p.Containers).Select(c => Text(c.Container["image"]) ?? "").ToList();
        Assert.All(images, image => Assert.Matches(@"^ghcr\.io/llmobserve/[a-z-]+:\d+\.\d+\.\d+$", image));
        Assert.Single(images.Select(i => i.Split(':')[1]).Distinct(StringComparer.Ordinal));
        Assert.Single(objects.OfKind("Namespace"));
    }

    [Fact]
    public async Task SingleNode_RunsOneReplicaOfEach_AndLetsANodeDrain()
    {
        var objects = await KubeTool.RenderAsync("overlays/single-node");

        Assert.All(objects.OfKind("Deployment"), d => Assert.Equal("1", Text(d["spec"]?["replicas"])));
        Assert.All(objects.OfKind("PodDisruptionBudget"), b => Assert.Equal(("1", null), (Text(b["spec"]?["maxUnavailable"]), Text(b["spec"]?["minAvailable"]))));
        Assert.Equal(["ReadWriteOnce"], Texts(objects.OfKind("PersistentVolumeClaim").Single()["spec"]?["accessModes"]));
        var url = "http://llmobserve-ingest-api.llmobserve.svc.cluster.local:8080/";
        Assert.Equal(url, Text(objects.OfKind("ConfigMap").Single(c => Name(c) is "llmobserve-collector")["data"]?["LLMOBSERVE_Shipping__IngestUrl"]));
        Assert.Equal(url, Text(objects.OfKind("ConfigMap").Single(c => Name(c).StartsWith("llmobserve-backend-", StringComparison.Ordinal))["data"]?["Deploy__PublicIngestUrl"]));
    }

    [Fact]
    public async Task Backend_MigrateJob_CanBeAppliedAlone_BeforeTheRollout()
    {
        var objects = await KubeTool.RenderAsync("backend");

        // What `kubectl apply -l app.kubernetes.io/component=migrate` selects (README.md, "Deploying").
        var selected = objects.Where(o => Map(o["metadata"]?["labels"]).GetValueOrDefault("app.kubernetes.io/component") is "migrate").ToList();
        var job = Assert.Single(selected);
        var pod = Assert.Single(KubePod.Of(selected));
        var container = Assert.Single(pod.Containers).Container;
        Assert.Equal(("Job", "ghcr.io/llmobserve/ingest-api:0.1.0", "migrate"), (Kind(job), Text(container["image"]), Assert.Single(Texts(container["args"]))));
        // Nothing else of the release is needed: no ConfigMap, only the operator's Secret.
        Assert.Null(container["envFrom"]);
        Assert.All(Items(container["env"]), e => Assert.Equal("llmobserve-backend", Text(e["valueFrom"]?["secretKeyRef"]?["name"])));
    }

    /// <summary>The checker is no rubber stamp: each breach of a rendered overlay is reported.</summary>
    [Theory]
    [InlineData("privileged", "container collector: privileged")]
    [InlineData("extra capability", "not exactly [BPF, PERFMON, SYS_ADMIN, SYS_PTRACE]")]
    [InlineData("writable btf", "host path /sys/kernel/btf is mounted writable")]
    [InlineData("no hostPID", "hostPID is not true")]
    [InlineData("backend root", "runAsNonRoot is not true")]
    [InlineData("no liveness", "no livenessProbe")]
    [InlineData("no limits", "no resources.limits.memory")]
    [InlineData("no budget", "0 PodDisruptionBudgets select its pods")]
    [InlineData("no policies", "no NetworkPolicy denying ingress")]
    [InlineData("node name", "not the downward API's spec.nodeName")]
    public async Task Invariants_ReportEachBreach(string breach, string reported)
    {
        var objects = await KubeTool.RenderAsync("overlays/production");
        var collector = KubePod.Of(objects).Single(p => p.IsCollector);
        var ingest = KubePod.Of(objects).Single(p => Name(p.Owner) is "llmobserve-ingest-api");
        var collectorContainer = collector.Containers.First().Container;
        var ingestContainer = ingest.Containers.First().Container;

        switch (breach)
        {
            case "privileged": collectorContainer["securityContext"]!["privileged"] = "true"; break;
            case "extra capability": collectorContainer["securityContext"]!["capabilities"]!["add"]!.AsArray().Add("SYS_RESOURCE"); break;
            case "writable btf": Items(collectorContainer["volumeMounts"]).Single(m => Text(m["mountPath"]) is "/sys/kernel/btf").Remove("readOnly"); break;
            case "no hostPID": collector.Spec.Remove("hostPID"); break;
            case "backend root": ingest.Spec["securityContext"]!.AsObject().Remove("runAsNonRoot"); break;
            case "no liveness": ingestContainer.Remove("livenessProbe"); break;
            case "no limits": ingestContainer["resources"]!["limits"]!.AsObject().Remove("memory"); break;
            case "no budget": objects.RemoveAll(o => Kind(o) is "PodDisruptionBudget" && Name(o) is "llmobserve-ingest-api"); break;
            case "no policies": objects.RemoveAll(o => Kind(o) is "NetworkPolicy"); break;
            case "node name": Items(collectorContainer["env"]).Single(e => Text(e["name"]) is "LLMOBSERVE_Shipping__NodeName")["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } }; break;
        }

        var problems = KubeInvariants.Check(objects);

        Assert.Contains(problems, p => p.Contains(reported, StringComparison.Ordinal));
    }
}
