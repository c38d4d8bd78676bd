using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks.Reporting;

/// <summary>
/// A measured target of an issue: which run measures it, under which figure name, and what it asks for.
/// Benchmarks build their target figures from it, so the report's targets table and the saved results
/// cannot disagree on a name or a limit.
/// </summary>
/// <param name="Run">The <see cref="RunResult.Name"/> that measures it.</param>
/// <param name="Figure">The <see cref="Testing.Results.Figure.Name"/> it is saved under.</param>
/// <param name="Unit">The figure's unit.</param>
/// <param name="Goal">The target as the issue states it.</param>
/// <param name="Source">The issue it comes from.</param>
/// <param name="IsMet">Whether a measured value meets it.</param>
internal sealed record Target(string Run, string Figure, string Unit, string Goal, string Source, Func<double, bool> IsMet)
{
    /// <summary>The figure for <paramref name="value"/>; <paramref name="met"/> overrides <see cref="IsMet"/> when the verdict needs more than the value.</summary>
    public Figure Measured(double value, bool? met = null) => new(Figure, value, Unit, Goal, met ?? IsMet(value), Source);
}

/// <summary>A time limit that a test asserts on every run, rather than a benchmark measuring it.</summary>
/// <param name="What">What must happen in time.</param>
/// <param name="Limit">The limit, as the issue states it.</param>
/// <param name="Test">The test (class and method) that asserts it, or why none does.</param>
/// <param name="Source">The issue it comes from.</param>
internal sealed record AssertedLimit(string What, string Limit, string Test, string Source);
