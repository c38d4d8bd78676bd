using System.Text.RegularExpressions;

namespace LlmObserve.Collector.Enrichment;

/// <summary>Container id and Kubernetes pod UID read from a process's cgroup path.</summary>
public static partial class CgroupPath
{
    /// <summary>
    /// Parses lines of <c>/proc/&lt;pid&gt;/cgroup</c>. Handles the systemd driver
    /// (<c>kubepods-burstable-pod&lt;uid&gt;.slice/cri-containerd-&lt;id&gt;.scope</c>, <c>docker-&lt;id&gt;.scope</c>,
    /// <c>crio-&lt;id&gt;.scope</c>) and the cgroupfs driver (<c>/kubepods/burstable/pod&lt;uid&gt;/&lt;id&gt;</c>, <c>/docker/&lt;id&gt;</c>).
    /// </summary>
    public static (string? ContainerId, string? PodUid) Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            var container = ContainerRegex().Match(line);
            var pod = PodRegex().Match(line);
            if (container.Success || pod.Success)
            {
                return (container.Success ? container.Groups["id"].Value : null,
                        pod.Success ? pod.Groups["uid"].Value.Replace('_', '-') : null);
            }
        }

        return (null, null);
    }

    [GeneratedRegex(@"(?:[/-])(?:docker-|cri-containerd-|crio-|containerd-|libpod-)?(?<id>[0-9a-f]{64})(?:\.scope)?(?:/|$)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ContainerRegex();

    [GeneratedRegex(@"pod(?<uid>[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PodRegex();
}
