using System.Text.RegularExpressions;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// Turns a rule's regex into one that cannot hang a worker: the linear-time engine
/// (<see cref="RegexOptions.NonBacktracking"/>), a match time-out as a second belt, a size limit, and a shape
/// check (<see cref="RegexShape"/>) so that the rule stays safe on a backtracking engine too.
/// </summary>
internal static class RegexSafety
{
    public const int MaxPatternLength = 1000;

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>The compiled regex, or null and why not (<paramref name="error"/>).</summary>
    public static Regex? Compile(string pattern, out string? error)
    {
        if (pattern.Length > MaxPatternLength)
        {
            error = $"regex is {pattern.Length} characters long; the limit is {MaxPatternLength}";
            return null;
        }

        error = RegexShape.Check(pattern);
        if (error is not null)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, Options, MatchTimeout);
        }
        catch (NotSupportedException e)
        {
            error = $"regex '{pattern}' uses a construct the linear-time regex engine does not support ({e.Message.TrimEnd('.')}); rewrite it without lookarounds, backreferences, atomic or conditional groups";
        }
        catch (ArgumentException e)
        {
            error = $"invalid regex: {e.Message}";
        }

        return null;
    }
}
