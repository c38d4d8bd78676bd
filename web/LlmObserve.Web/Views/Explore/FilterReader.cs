using System.Globalization;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Paging;

namespace LlmObserve.Web.Views.Explore;

/// <summary>
/// Reads the explorer's filter parameters from the query string. Every problem becomes a sentence for the
/// page's error alert instead of an exception: a hand-edited URL must never end in a server error.
/// </summary>
public sealed class FilterReader
{
    /// <summary>Longest text filter accepted; the indexed columns hold names far shorter.</summary>
    public const int MaxText = 200;

    // datetime-local sends minutes (and seconds when the user gives them); a pasted ISO time with Z is accepted too.
    private static readonly string[] TimeFormats =
        ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd"];

    private readonly List<string> _errors = [];

    /// <summary>What is wrong with the parameters, one sentence each; empty when they are usable.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The trimmed text, or null when empty; over-long text or text with NUL is an error (PostgreSQL text cannot hold NUL).</summary>
    public string? Text(string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.Length > MaxText)
        {
            _errors.Add($"{label} must be at most {MaxText} characters.");
            return null;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            _errors.Add($"{label} cannot contain a NUL character.");
            return null;
        }

        return value;
    }

    public Guid? Id(string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Guid.TryParse(value.Trim(), out var id))
        {
            return id;
        }

        _errors.Add($"{label} is not a valid id; pick one from the list.");
        return null;
    }

    /// <summary>A time in UTC, as a datetime-local field sends it (yyyy-MM-ddTHH:mm).</summary>
    public DateTimeOffset? Time(string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length <= 40 && DateTime.TryParseExact(value.Trim(), TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return new DateTimeOffset(time, TimeSpan.Zero);
        }

        _errors.Add($"{label} must be a UTC date and time such as 2025-01-31T14:30.");
        return null;
    }

    public void Range(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from > to)
        {
            _errors.Add("From must not be after To.");
        }
    }

    /// <summary>The page cursor of a "Next page" link; anything else is an error.</summary>
    public KeysetCursor? Cursor(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (KeysetCursor.TryDecode(value, out var cursor))
        {
            return cursor;
        }

        _errors.Add("The page cursor is not one this console gave; start again from the first page.");
        return null;
    }

    public FindingSeverity? Severity(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        foreach (var severity in ExploreFormat.Severities)
        {
            if (string.Equals(ExploreFormat.Severity(severity), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return severity;
            }
        }

        _errors.Add("Minimum severity must be info, low, medium, high or critical.");
        return null;
    }

    public string? Category(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (FindingCategories.IsKnown(value.Trim()))
        {
            return value.Trim();
        }

        _errors.Add($"Category must be one of {string.Join(", ", FindingCategories.All)}.");
        return null;
    }

    /// <summary>A checkbox: "true" (or "on", a browser's default value) is set; anything else is not.</summary>
    public static bool Flag(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "on", StringComparison.OrdinalIgnoreCase);
}
