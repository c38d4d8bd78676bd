namespace LlmObserve.Administration.Fleet;

/// <summary>
/// What names and enrollment token settings may be, for the REST API and the console alike: the same limits,
/// and a message that says what is wrong, in the caller's words for the fields.
/// </summary>
public static class FleetRules
{
    public const int MaxNameLength = 100;

    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(30);

    public const string DefaultTokenTtl = "24h";

    public const int MaxTokenUses = 100_000;

    public const int MaxDescriptionLength = 200;

    /// <summary>Null when <paramref name="text"/> is a usable name of 1 to <paramref name="max"/> characters; else why not.</summary>
    public static string? NameProblem(string? text, string field, int max = MaxNameLength) =>
        string.IsNullOrWhiteSpace(text) || text.Length > max || text.Any(char.IsControl)
            ? $"{field} must be 1 to {max} characters, without control characters."
            : null;

    /// <summary>Null when the lifetime (<see cref="Durations"/>; default <see cref="DefaultTokenTtl"/>) and the uses are allowed; else why not.</summary>
    public static string? TokenProblem(string? ttl, int? maxUses, out TimeSpan lifetime, string ttlField = "ttl", string usesField = "maxUses")
    {
        lifetime = default;
        if (Durations.Parse(string.IsNullOrWhiteSpace(ttl) ? DefaultTokenTtl : ttl) is not { } parsed || parsed > MaxTokenLifetime)
        {
            return $"{ttlField} must be a duration such as 30m, 24h or 7d, at most 30d.";
        }

        if (maxUses is < 1 or > MaxTokenUses)
        {
            return $"{usesField} must be between 1 and {MaxTokenUses}.";
        }

        lifetime = parsed;
        return null;
    }

    /// <summary>Null when the token's description may be stored; else why not.</summary>
    public static string? DescriptionProblem(string? description) =>
        description is not null && (description.Length > MaxDescriptionLength || description.Contains('\0', StringComparison.Ordinal))
            ? $"description must be at most {MaxDescriptionLength} characters, without NUL."
            : null;
}
