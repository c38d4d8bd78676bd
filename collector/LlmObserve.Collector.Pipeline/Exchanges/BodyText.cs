using System.Text;
using System.Text.Unicode;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Exchanges;

/// <summary>A body as the wire carries it: UTF-8 text when it is valid UTF-8, base64 otherwise.</summary>
internal static class BodyText
{
    public static (string? Text, BodyEncoding Encoding) Encode(HttpBody body)
    {
        var content = body.Content.Span;
        if (content.IsEmpty)
        {
            return (null, BodyEncoding.Utf8);
        }

        // A cap can fall inside a multi-byte character: the cut character goes, the text stays text.
        var text = body.Truncated ? WithoutCutCharacter(content) : content;
        return Utf8.IsValid(text)
            ? (Encoding.UTF8.GetString(text), BodyEncoding.Utf8)
            : (Convert.ToBase64String(content), BodyEncoding.Base64);
    }

    /// <summary>The bytes without a trailing incomplete UTF-8 sequence (at most 3 bytes).</summary>
    internal static ReadOnlySpan<byte> WithoutCutCharacter(ReadOnlySpan<byte> text)
    {
        for (var back = 1; back <= Math.Min(3, text.Length); back++)
        {
            var b = text[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: the lead byte is further back
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? text[..^back] : text;
        }

        return text;
    }
}
