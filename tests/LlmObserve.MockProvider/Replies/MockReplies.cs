using System.Security.Cryptography;
using System.Text;
using LlmObserve.MockProvider.Handlers;

namespace LlmObserve.MockProvider.Replies;

/// <summary>
/// Deterministic reply texts, so a test knows the exact text every client must receive (and
/// the capture must see) without asking the mock.
/// </summary>
public static class MockReplies
{
    /// <summary>The sentence every reply ends with; long enough to stream in many pieces.</summary>
    public const string FixedSentence =
        "This deterministic answer comes from the LlmObserve mock provider and is streamed in small pieces, so that capture tests see several reads.";

    /// <summary>Prompt tokens reported by large responses, which do not depend on the prompt (see <see cref="ExpectedLargeBody"/>).</summary>
    public const int LargePromptTokens = 16;

    /// <summary>Unix time every response claims it was created at, so bodies are byte-stable.</summary>
    internal const long CreatedUnixSeconds = 1767225600; // 2026-01-01T00:00:00Z

    private const int PromptEchoLength = 200;

    /// <summary>The assistant text for a prompt: <c>Mock reply to: &lt;first 200 chars&gt;. </c> + <see cref="FixedSentence"/>.</summary>
    public static string ReplyTo(string prompt)
    {
        var echo = prompt.Length <= PromptEchoLength ? prompt : prompt[..PromptEchoLength];
        if (echo.Length > 0 && char.IsHighSurrogate(echo[^1]))
        {
            echo = echo[..^1]; // never cut a surrogate pair: the reply must stay valid UTF-16 and UTF-8
        }

        return $"Mock reply to: {echo}. {FixedSentence}";
    }

    /// <summary>
    /// The streamed pieces of a text: one word each, with the space before it, like tokens. The
    /// first piece is the first word, never empty; concatenated they give the text back.
    /// </summary>
    public static IReadOnlyList<string> Pieces(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i - 1] != ' ' && text[i] == ' ')
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        pieces.Add(text[start..]);
        return pieces;
    }

    /// <summary>
    /// <paramref name="bytes"/> bytes of ASCII words drawn from 62 letters and digits by a fixed
    /// generator: the same every run, safe in a JSON string, and barely compressible (gzip
    /// keeps about 3/4 of it), so a large response stays large on the wire.
    /// </summary>
    public static string LargeContent(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var text = new StringBuilder(bytes);
        var state = 0x9E3779B97F4A7C15UL;
        var untilSpace = 0;
        while (text.Length < bytes)
        {
            var next = SplitMix64(ref state);
            if (untilSpace == 0 && text.Length > 0)
            {
                text.Append(' ');
                untilSpace = 3 + (int)(next % 8);
                continue;
            }

            text.Append(Alphabet[(int)(next % (ulong)Alphabet.Length)]);
            untilSpace = Math.Max(untilSpace - 1, 0);
        }

        return text.ToString();
    }

    /// <summary>
    /// The exact decoded body of a non-streamed response to a request with
    /// <c>x-mock-response-bytes: <paramref name="contentBytes"/></c>: the API's usual completion
    /// whose assistant text is <see cref="LargeContent"/>. Prompt tokens are the constant
    /// <see cref="LargePromptTokens"/>, so the body depends on (api, model, size) alone.
    /// </summary>
    public static byte[] ExpectedLargeBody(string model, int contentBytes, MockApi api = MockApi.OpenAiChat) =>
        CompletionBody(api, new MockCompletion(model, LargeContent(contentBytes), LargePromptTokens));

    internal static byte[] CompletionBody(MockApi api, MockCompletion completion) => api switch
    {
        MockApi.OpenAiChat or MockApi.VllmChat => OpenAiChatHandlers.CompletionBody(completion),
        MockApi.OpenAiResponses => OpenAiResponsesHandlers.CompletionBody(completion),
        MockApi.AnthropicMessages => AnthropicHandlers.CompletionBody(completion),
        MockApi.OllamaChat => OllamaHandlers.CompletionBody(completion),
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, message: null),
    };

    /// <summary>A rough token count (4 bytes a token, as OpenAI's rule of thumb), at least 1.</summary>
    internal static int CountTokens(string text) => Math.Max(1, (Encoding.UTF8.GetByteCount(text) + 3) / 4);

    /// <summary>A stable id suffix for a completion: the same reply always gets the same id.</summary>
    internal static string IdFor(string model, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model + "\n" + text)).AsSpan(0, 12));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>One answer, whatever API it is rendered in.</summary>
internal sealed record MockCompletion(string Model, string Text, int PromptTokens)
{
    public int CompletionTokens { get; } = MockReplies.CountTokens(Text);

    public int TotalTokens => PromptTokens + CompletionTokens;

    public string Id { get; } = MockReplies.IdFor(Model, Text);
}
