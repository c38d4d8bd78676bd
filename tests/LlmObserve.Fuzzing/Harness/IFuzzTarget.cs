namespace LlmObserve.Fuzzing.Harness;

/// <summary>
/// One parser that sees untrusted bytes, driven through the production entry point the way production
/// feeds it. <see cref="Run"/> returns a small outcome value (the "feature"): inputs that produce one not
/// seen before join the corpus and are mutated further.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>Short name: the corpus and regression folder, and the <c>--target</c> value.</summary>
    string Name { get; }

    /// <summary>The production class(es) this target reaches, for the report.</summary>
    string Parser { get; }

    /// <summary>Tokens the mutator inserts or overwrites with (protocol keywords, punctuation).</summary>
    IReadOnlyList<byte[]> Dictionary { get; }

    /// <summary>Mutated inputs are cut to this length (seeds may be longer).</summary>
    int MaxInputLength { get; }

    /// <summary>Bytes one input may allocate on the running thread before it counts as a memory blow-up.</summary>
    long AllocationBound(int inputLength);

    /// <summary>True when the production caller catches this exception escaping the entry point (a documented rejection).</summary>
    bool IsHandledByCaller(Exception exception);

    /// <summary>
    /// True when production code throws and catches this exception by design. Any other exception thrown
    /// during a run, even one a catch-all safety net swallows, is reported as a crash.
    /// </summary>
    bool IsCaughtByDesign(Exception exception);

    /// <summary>Feeds one input to the parser; returns its outcome feature.</summary>
    ulong Run(byte[] input);
}
