using LlmObserve.Administration;

namespace LlmObserve.Web.Views.Explore;

/// <summary>
/// A stored body as the exchange page shows it: at most <see cref="MaxShown"/> characters (a browser slows
/// down on megabytes of preformatted text), with notes on what the node cut and how the body is encoded.
/// </summary>
public sealed record BodyDisplay(string? Text, IReadOnlyList<string> Notes)
{
    /// <summary>256 KiB of characters.</summary>
    public const int MaxShown = 256 * 1024;

    public static BodyDisplay Of(StoredHttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var notes = new List<string>();
        var text = message.Body;
        if (string.Equals(message.BodyEncoding, "base64", StringComparison.Ordinal))
        {
            notes.Add("The body is binary: it is stored and shown as base64.");
        }

        if (message.BodyTruncated)
        {
            notes.Add($"The collector stored only the start of this body ({ExploreFormat.Bytes(message.BodySize)} on the wire).");
        }

        if (message.LostBytes > 0)
        {
            notes.Add($"The capture lost {ExploreFormat.Bytes(message.LostBytes)} of this message (kernel buffer full or per-connection cap).");
        }

        if (text is { Length: > MaxShown })
        {
            notes.Add($"Showing the first {ExploreFormat.Count(MaxShown)} of {ExploreFormat.Count(text.Length)} stored characters.");
            var cut = char.IsHighSurrogate(text[MaxShown - 1]) ? MaxShown - 1 : MaxShown;
            text = text[..cut];
        }

        return new BodyDisplay(text, notes);
    }
}
