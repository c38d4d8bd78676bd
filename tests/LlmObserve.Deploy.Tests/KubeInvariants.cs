using System.Text.Json.Nodes;
using static LlmObserve.Deploy.Tests.KubeObjects;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// What every rendering of deploy/k8s must hold, across objects: the pods' invariants
/// (<see cref="KubePodInvariants"/>), a PodDisruptionBudget for each Deployment, network policies (default
/// deny of ingress, ingress only where a Service points, restricted egress of the backend), Services that
/// select pods with the ports they name, Jobs that end, references that resolve, and no Secret shipped.
/// </summary>
internal static class KubeInvariants
{
    public const string Namespace = "llmobserve";

    /// <summary>The Secrets the operator creates (READMEs): referenced, never rendered.</summary>
    public static readonly string[] OperatorSecrets = ["llmobserve-backend", "llmobserve-collector-enrollment"];

    /// <summary>Every violation, one line each; empty when the objects hold every invariant.</summary>
    public static List<string> Check(IReadOnlyList<JsonObject> objects)
    {
        var pods = KubePod.Of(objects);
        var problems = pods.SelectMany(KubePodInvariants.Check).ToList();
        problems.AddRange(objects.Where(o => Kind(o) is not "Namespace" && Text(o["metadata"]?["namespace"]) is not Namespace)
            .Select(o => $"{Id(o)}: not in namespace {Namespace}"));
        problems.AddRange(objects.OfKind("Secret").Select(o => $"{Id(o)}: a Secret is rendered; the operator creates Secrets"));
        problems.AddRange(objects.OfKind("Job").SelectMany(Job));
        problems.AddRange(pods.Where(p => p.Kind is "Deployment").SelectMany(p => Budget(p, objects)));
        problems.AddRange(objects.OfKind("Service").SelectMany(s => Service(s, pods)));
        problems.AddRange(NetworkPolicies(pods, objects));
        problems.AddRange(pods.SelectMany(p => References(p, objects)));
        return problems;
    }

    private static IEnumerable<string> Job(JsonObject job)
    {
        if (Text(job["spec"]?["backoffLimit"]) is null || Text(job["spec"]?["ttlSecondsAfterFinished"]) is null)
        {
            yield return $"{Id(job)}: backoffLimit and ttlSecondsAfterFinished must be set";
        }

        if (Text(job["spec"]?["template"]?["spec"]?["restartPolicy"]) is not ("Never" or "OnFailure"))
        {
            yield return $"{Id(job)}: restartPolicy must be Never or OnFailure";
        }
    }

    private static IEnumerable<string> Budget(KubePod deployment, IReadOnlyList<JsonObject> objects)
    {
        var budgets = objects.OfKind("PodDisruptionBudget")
            .Where(b => KubeSelectors.Matches(b["spec"]?["selector"], deployment.Labels))
            .Where(b => b["spec"]?["minAvailable"] is not null || b["spec"]?["maxUnavailable"] is not null)
            .ToList();
        if (budgets.Count != 1)
        {
            yield return $"{deployment.Where}: {budgets.Count} PodDisruptionBudgets select its pods (one wanted)";
        }
    }

    private static IEnumerable<string> Service(JsonObject service, List<KubePod> pods)
    {
        var selected = pods.Where(p => KubeSelectors.MatchesMap(service["spec"]?["selector"], p.Labels)).ToList();
        if (selected.Count == 0)
        {
            yield return $"{Id(service)}: selects no pod";
            yield break;
        }

        foreach (var port in Items(service["spec"]?["ports"]))
        {
            var target = Text(port["targetPort"]) ?? Text(port["port"]);
            if (!selected.All(p => ContainerPorts(p).Contains(target ?? "")))
            {
                yield return $"{Id(service)}: targetPort {target} is not a port of every selected pod";
            }
        }
    }

    private static IEnumerable<string> NetworkPolicies(List<KubePod> pods, IReadOnlyList<JsonObject> objects)
    {
        var backend = pods.Where(p => !p.IsCollector).ToList();
        if (backend.Count == 0)
        {
            yield break;
        }

        var policies = objects.OfKind("NetworkPolicy").ToList();
        if (!policies.Any(p => p["spec"]?["podSelector"] is JsonObject { Count: 0 }
            && Texts(p["spec"]?["policyTypes"]).Contains("Ingress") && p["spec"]?["ingress"] is null))
        {
            yield return "no NetworkPolicy denying ingress to every pod of the namespace";
        }

        foreach (var pod in backend)
        {
            if (!Selecting(policies, pod, "Egress").Any())
            {
                yield return $"{pod.Where}: no NetworkPolicy restricts its egress";
            }
        }

        foreach (var service in objects.OfKind("Service"))
        {
            foreach (var pod in backend.Where(p => KubeSelectors.MatchesMap(service["spec"]?["selector"], p.Labels)))
            {
                var ports = ContainerPorts(pod);
                var allowed = Selecting(policies, pod, "Ingress").SelectMany(p => Items(p["spec"]?["ingress"]))
                    .Any(rule => rule["ports"] is null || Items(rule["ports"]).Any(port => ports.Contains(Text(port["port"]) ?? "")));
                if (!allowed)
                {
                    yield return $"{pod.Where}: behind {Id(service)}, but no NetworkPolicy admits ingress to its port";
                }
            }
        }
    }

    private static IEnumerable<JsonObject> Selecting(List<JsonObject> policies, KubePod pod, string type) =>
        policies.Where(p => Texts(p["spec"]?["policyTypes"]).Contains(type) && KubeSelectors.Matches(p["spec"]?["podSelector"], pod.Labels));

    /// <summary>The pod's container ports, by number and by name.</summary>
    private static HashSet<string> ContainerPorts(KubePod pod) =>
    [
        .. pod.Containers.SelectMany(c => Items(c.Container["ports"]))
            .SelectMany(p => new[] { Text(p["containerPort"]), Text(p["name"]) })
            .OfType<string>(),
    ];

    private static IEnumerable<string> References(KubePod pod, IReadOnlyList<JsonObject> objects)
    {
        var configMaps = objects.OfKind("ConfigMap").Select(Name).ToHashSet(StringComparer.Ordinal);
        var claims = objects.OfKind("PersistentVolumeClaim").Select(Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (container, _) in pod.Containers)
        {
            var fromConfigMaps = Items(container["envFrom"]).Select(e => Text(e["configMapRef"]?["name"]))
                .Concat(Items(container["env"]).Select(e => Text(e["valueFrom"]?["configMapKeyRef"]?["name"])));
            var fromSecrets = Items(container["envFrom"]).Select(e => Text(e["secretRef"]?["name"]))
                .Concat(Items(container["env"]).Select(e => Text(e["valueFrom"]?["secretKeyRef"]?["name"])));
            foreach (var name in fromConfigMaps.OfType<string>().Where(n => !configMaps.Contains(n)))
            {
                yield return $"{pod.Where}: ConfigMap {name} is not rendered";
            }

            foreach (var name in fromSecrets.OfType<string>().Where(n => !OperatorSecrets.Contains(n, StringComparer.Ordinal)))
            {
                yield return $"{pod.Where}: Secret {name} is not one the READMEs tell the operator to create";
            }
        }

        foreach (var claim in Items(pod.Spec["volumes"]).Select(v => Text(v["persistentVolumeClaim"]?["claimName"])).OfType<string>())
        {
            if (!claims.Contains(claim))
            {
                yield return $"{pod.Where}: PersistentVolumeClaim {claim} is not rendered";
            }
        }
    }
}
