using LlmObserve.Fuzzing.Harness;
using LlmObserve.Fuzzing.Targets.Backend;
using LlmObserve.Fuzzing.Targets.Collector;

namespace LlmObserve.Fuzzing.Targets;

/// <summary>Every parser that sees untrusted bytes, in pipeline order.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new EbpfEventsTarget(),
        new HttpTarget(),
        new ContentTarget("gzip"),
        new ContentTarget("deflate"),
        new ContentTarget("br"),
        new StreamPayloadsTarget(),
        new ProviderPayloadsTarget(),
        new IngestBatchTarget(),
        new RulesTarget(),
    ];

    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
