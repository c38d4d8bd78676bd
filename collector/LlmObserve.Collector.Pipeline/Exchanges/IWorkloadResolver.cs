using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Exchanges;

/// <summary>Who a process is: node, command, executable, container, pod and namespace.</summary>
public interface IWorkloadResolver
{
    /// <summary>
    /// Called on the pipeline thread once per exchange handed on, so it must be quick (cache by pid) and must
    /// not throw: for a process already gone, return what is known (at least the node and the pid).
    /// </summary>
    WorkloadIdentity Resolve(int pid);
}
