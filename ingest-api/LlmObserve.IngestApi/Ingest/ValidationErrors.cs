namespace LlmObserve.IngestApi.Ingest;

/// <summary>
/// Problems with a parsed body, keyed by the member's JSON path, capped so a huge bad body gets a
/// short answer. Also the one check for text we store: PostgreSQL text and jsonb hold neither NUL
/// nor unpaired surrogates.
/// </summary>
internal sealed class ValidationErrors
{
    private const int MaxErrors = 50;
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    public bool Full => _errors.Count >= MaxErrors;

    public void Add(string path, string message)
    {
        if (!Full)
        {
            _errors[path] = _errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];
        }
    }

    /// <summary>Checks text that will be stored: length, and that PostgreSQL can hold it.</summary>
    public void Text(string at, string? value, int maxChars, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(at, "A value is required.");
            }

            return;
        }

        if (value.Length > maxChars)
        {
            Add(at, $"At most {maxChars} characters are accepted; there are {value.Length}.");
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (ch == '\0')
            {
                Add(at, $"NUL character at offset {i}: stored text cannot hold it (binary bodies go as bodyEncoding 'base64').");
                return;
            }

            if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(ch))
            {
                Add(at, $"Unpaired UTF-16 surrogate at offset {i}: the text is not valid Unicode.");
                return;
            }
        }
    }

    /// <summary>When there is any problem: the 400 that lists them, e.g. ("Invalid batch", "The batch", "nothing was accepted").</summary>
    public void ThrowIfAny(string title, string subject, string outcome)
    {
        if (Count > 0)
        {
            throw new IngestRejectedException(StatusCodes.Status400BadRequest, title,
                $"{subject} failed validation ({Count} problem(s){(Full ? ", only the first shown" : "")}); {outcome}.", _errors);
        }
    }
}
