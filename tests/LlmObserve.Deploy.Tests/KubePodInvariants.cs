using System.Text.Json.Nodes;
using static LlmObserve.Deploy.Tests.KubeObjects;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// What every rendered pod must hold (deploy/k8s/backend/README.md, deploy/k8s/collector/README.md): no
/// privileged container, requests and limits everywhere, probes on long-running containers; the backend
/// non-root on a read-only root filesystem with nothing added; the collector with exactly its four
/// capabilities, the host's PID namespace, read-only host mounts but its state directory, its node's name
/// and every node's taints tolerated. Each violation is one line naming the object and container.
/// </summary>
internal static class KubePodInvariants
{
    /// <summary>The collector's capabilities, each justified in deploy/k8s/collector/README.md.</summary>
    public static readonly string[] CollectorCapabilities = ["BPF", "PERFMON", "SYS_ADMIN", "SYS_PTRACE"];

    /// <summary>The one host path the collector writes: its node credential and spool.</summary>
    public const string CollectorStateDirectory = "/var/lib/llmobserve-collector";

    /// <summary>Host paths the collector reads: BTF (CO-RE) and tracefs (tracepoint ids).</summary>
    public static readonly string[] CollectorReadOnlyHostPaths = ["/sys/kernel/btf", "/sys/kernel/tracing"];

    /// <summary>Measured at 200 exchanges/s (README.md, benchmarks): peak RSS 141 MB, about 4 % of a core.</summary>
    private const decimal MeasuredPeakRssBytes = 141_000_000m;

    private const decimal MeasuredCores = 0.04m;

    public static IEnumerable<string> Check(KubePod pod)
    {
        var problems = new List<string>();
        foreach (var (container, init) in pod.Containers)
        {
            var where = $"{pod.Where} container {Text(container["name"])}";
            problems.AddRange(Resources(container).Select(p => $"{where}: {p}"));
            if (IsTrue(container["securityContext"]?["privileged"]))
            {
                problems.Add($"{where}: privileged");
            }

            if (pod.IsLongRunning && !init)
            {
                problems.AddRange(Probes(pod, container).Select(p => $"{where}: {p}"));
            }

            var security = pod.IsCollector ? CollectorSecurity(container) : BackendSecurity(pod, container);
            problems.AddRange(security.Select(p => $"{where}: {p}"));
        }

        problems.AddRange((pod.IsCollector ? CollectorPod(pod) : BackendPod(pod)).Select(p => $"{pod.Where}: {p}"));
        return problems;
    }

    private static IEnumerable<string> Resources(JsonObject container)
    {
        foreach (var bound in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (KubeQuantity.Parse(Text(container["resources"]?[bound]?[resource])) is not > 0)
                {
                    yield return $"no resources.{bound}.{resource}";
                }
            }
        }
    }

    private static IEnumerable<string> Probes(KubePod pod, JsonObject container)
    {
        if (container["readinessProbe"] is null)
        {
            yield return "no readinessProbe";
        }

        // The collector has no health signal to probe yet: it exits when capture or shipping cannot go
        // on, and the kubelet restarts it (deploy/k8s/collector/README.md, "Probes").
        if (container["livenessProbe"] is null && !pod.IsCollector)
        {
            yield return "no livenessProbe";
        }
    }

    private static IEnumerable<string> BackendSecurity(KubePod pod, JsonObject container)
    {
        if (!IsTrue(pod.Effective(container, "runAsNonRoot")))
        {
            yield return "runAsNonRoot is not true";
        }

        if (Text(pod.Effective(container, "runAsUser")) is "0")
        {
            yield return "runAsUser 0";
        }

        if (!IsTrue(container["securityContext"]?["readOnlyRootFilesystem"]))
        {
            yield return "readOnlyRootFilesystem is not true";
        }

        if (Text(container["securityContext"]?["allowPrivilegeEscalation"]) is not "false")
        {
            yield return "allowPrivilegeEscalation is not false";
        }

        if (!Texts(container["securityContext"]?["capabilities"]?["drop"]).SequenceEqual(["ALL"], StringComparer.Ordinal))
        {
            yield return "capabilities.drop is not [ALL]";
        }

        if (Texts(container["securityContext"]?["capabilities"]?["add"]) is { Count: > 0 } added)
        {
            yield return $"capabilities added: {string.Join(", ", added)}";
        }

        if (Text(pod.Effective(container, "seccompProfile")?["type"]) is not "RuntimeDefault")
        {
            yield return "seccompProfile is not RuntimeDefault";
        }
    }

    private static IEnumerable<string> BackendPod(KubePod pod)
    {
        foreach (var host in new[] { "hostPID", "hostNetwork", "hostIPC" })
        {
            if (IsTrue(pod.Spec[host]))
            {
                yield return $"{host} true";
            }
        }

        if (pod.HostPaths().Count > 0)
        {
            yield return $"hostPath volumes: {string.Join(", ", pod.HostPaths().Values)}";
        }

        if (Text(pod.Spec["automountServiceAccountToken"]) is not "false")
        {
            yield return "automountServiceAccountToken is not false";
        }
    }

    private static IEnumerable<string> CollectorSecurity(JsonObject container)
    {
        var security = container["securityContext"];
        var added = Texts(security?["capabilities"]?["add"]);
        if (!added.Order(StringComparer.Ordinal).SequenceEqual(CollectorCapabilities, StringComparer.Ordinal))
        {
            yield return $"capabilities.add is [{string.Join(", ", added)}], not exactly [{string.Join(", ", CollectorCapabilities)}]";
        }

        if (!Texts(security?["capabilities"]?["drop"]).SequenceEqual(["ALL"], StringComparer.Ordinal))
        {
            yield return "capabilities.drop is not [ALL]";
        }

        if (!IsTrue(security?["readOnlyRootFilesystem"]))
        {
            yield return "readOnlyRootFilesystem is not true";
        }

        var memory = KubeQuantity.Parse(Text(container["resources"]?["requests"]?["memory"]));
        var memoryLimit = KubeQuantity.Parse(Text(container["resources"]?["limits"]?["memory"]));
        if (memory < MeasuredPeakRssBytes || memoryLimit <= memory)
        {
            yield return $"memory request {memory} B must cover the measured peak RSS ({MeasuredPeakRssBytes} B) and stay under the limit ({memoryLimit} B)";
        }

        if (KubeQuantity.Parse(Text(container["resources"]?["requests"]?["cpu"])) < MeasuredCores)
        {
            yield return $"cpu request under the measured {MeasuredCores} cores";
        }

        var env = Items(container["env"]).ToDictionary(e => Text(e["name"]) ?? "", StringComparer.Ordinal);
        if (Text(env.GetValueOrDefault("LLMOBSERVE_Shipping__NodeName")?["valueFrom"]?["fieldRef"]?["fieldPath"]) is not "spec.nodeName")
        {
            yield return "LLMOBSERVE_Shipping__NodeName is not the downward API's spec.nodeName";
        }
    }

    private static IEnumerable<string> CollectorPod(KubePod pod)
    {
        if (!IsTrue(pod.Spec["hostPID"]))
        {
            yield return "hostPID is not true";
        }

        if (IsTrue(pod.Spec["hostNetwork"]) || IsTrue(pod.Spec["hostIPC"]))
        {
            yield return "hostNetwork or hostIPC";
        }

        if (!Items(pod.Spec["tolerations"]).Any(t => t.Count == 1 && Text(t["operator"]) is "Exists"))
        {
            yield return "no toleration {operator: Exists} (every node, whatever its taints)";
        }

        var hostPaths = pod.HostPaths();
        var mounted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (container, _) in pod.Containers)
        {
            foreach (var mount in Items(container["volumeMounts"]).Where(m => hostPaths.ContainsKey(Text(m["name"]) ?? "")))
            {
                var path = hostPaths[Text(mount["name"])!];
                mounted.Add(path);
                if (!IsTrue(mount["readOnly"]) && !string.Equals(path, CollectorStateDirectory, StringComparison.Ordinal))
                {
                    yield return $"host path {path} is mounted writable";
                }
            }
        }

        foreach (var path in CollectorReadOnlyHostPaths.Append(CollectorStateDirectory).Except(mounted, StringComparer.Ordinal))
        {
            yield return $"host path {path} is not mounted";
        }
    }
}
