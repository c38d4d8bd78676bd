using System.Text.Json.Nodes;

namespace LlmObserve.Deploy.Tests;

/// <summary>A pod template of a rendered workload (Deployment, DaemonSet, StatefulSet, Job, CronJob, Pod).</summary>
internal sealed record KubePod(JsonObject Owner, JsonObject Template)
{
    public string Kind => KubeObjects.Kind(Owner);

    public string Where => $"{Kind}/{KubeObjects.Name(Owner)}";

    public JsonObject Spec => Template["spec"] as JsonObject ?? [];

    public Dictionary<string, string> Labels => KubeObjects.Map(Template["metadata"]?["labels"]);

    /// <summary>Runs until stopped, so probes apply (a Job's pod runs to completion instead).</summary>
    public bool IsLongRunning => Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet";

    /// <summary>The collector is the only DaemonSet: one pod per node, with host access. Every other pod is the backend's.</summary>
    public bool IsCollector => Kind is "DaemonSet";

    /// <summary>Init containers first (Init true), then the regular ones.</summary>
    public IEnumerable<(JsonObject Container, bool Init)> Containers =>
        KubeObjects.Items(Spec["initContainers"]).Select(c => (c, true))
            .Concat(KubeObjects.Items(Spec["containers"]).Select(c => (c, false)));

    /// <summary>A security setting as it takes effect: the container's, else the pod's.</summary>
    public JsonNode? Effective(JsonObject container, string setting) =>
        container["securityContext"]?[setting] ?? Spec["securityContext"]?[setting];

    /// <summary>volume name → host path, for the hostPath volumes.</summary>
    public Dictionary<string, string> HostPaths() =>
        KubeObjects.Items(Spec["volumes"])
            .Where(v => v["hostPath"] is not null)
            .ToDictionary(v => KubeObjects.Text(v["name"]) ?? "", v => KubeObjects.Text(v["hostPath"]!["path"]) ?? "", StringComparer.Ordinal);

    /// <summary>The pod templates of the rendered objects.</summary>
    public static List<KubePod> Of(IEnumerable<JsonObject> objects)
    {
        var pods = new List<KubePod>();
        foreach (var item in objects)
        {
            JsonNode? template = KubeObjects.Kind(item) switch
            {
                "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => item["spec"]?["template"],
                "CronJob" => item["spec"]?["jobTemplate"]?["spec"]?["template"],
                "Pod" => item,
                _ => null,
            };
            if (template is JsonObject found)
            {
                pods.Add(new KubePod(item, found));
            }
        }

        return pods;
    }
}
