using System.IO.Enumeration;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Capture;

/// <summary>Which processes are captured: by Kubernetes namespace and by command or executable name (globs).</summary>
public sealed class ProcessFilter(CaptureOptions options)
{
    public bool WatchesEverything => options.WatchNamespaces.Count == 0 && options.WatchCommands.Count == 0 && options.ExcludeCommands.Count == 0;

    public bool ShouldCapture(WorkloadIdentity workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var names = Names(workload).ToList();
        if (options.ExcludeCommands.Any(glob => names.Exists(n => Matches(glob, n))))
        {
            return false;
        }

        if (options.WatchCommands.Count > 0 && !options.WatchCommands.Any(glob => names.Exists(n => Matches(glob, n))))
        {
            return false;
        }

        return options.WatchNamespaces.Count == 0
            || (workload.Namespace is { } ns && options.WatchNamespaces.Contains(ns, StringComparer.Ordinal));
    }

    private static IEnumerable<string> Names(WorkloadIdentity workload)
    {
        if (workload.Executable is { } exe)
        {
            yield return Path.GetFileName(exe);
        }

        if (workload.Command is { } command)
        {
            yield return Path.GetFileName(command.Split(' ', 2)[0]);
        }
    }

    private static bool Matches(string glob, string name) => FileSystemName.MatchesSimpleExpression(glob, name, ignoreCase: false);
}
