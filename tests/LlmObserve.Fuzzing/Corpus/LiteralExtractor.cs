using System.Text;
using System.Text.RegularExpressions;

namespace LlmObserve.Fuzzing.Corpus;

/// <summary>C# raw string literals (<c>"""…"""</c>) out of the repository's test sources: real payloads and rule files.</summary>
internal static partial class LiteralExtractor
{
    /// <summary>Every raw string literal in the files, single-line and multi-line (indentation removed as the compiler does).</summary>
    public static IReadOnlyList<string> RawStrings(IEnumerable<string> files)
    {
        var literals = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var source = File.ReadAllText(file).ReplaceLineEndings("\n");
            foreach (Match match in MultiLine().Matches(source))
            {
                var indent = match.Groups["indent"].Value.Length;
                var lines = match.Groups["body"].Value.Split('\n').Select(l => l.Length >= indent ? l[indent..] : l.TrimStart());
                literals.Add(string.Join('\n', lines));
            }

            foreach (Match match in SingleLine().Matches(MultiLine().Replace(source, string.Empty)))
            {
                literals.Add(match.Groups["body"].Value);
            }
        }

        return literals;
    }

    /// <summary>Which API a JSON payload most likely belongs to, by its members; null when nothing tells.</summary>
    public static int? ApiIndex(string json) => json switch
    {
        _ when json.Contains("content_block", StringComparison.Ordinal) || json.Contains("anthropic_version", StringComparison.Ordinal)
            || json.Contains("claude", StringComparison.Ordinal) || json.Contains("\"tool_use\"", StringComparison.Ordinal)
            || json.Contains("\"stop_reason\"", StringComparison.Ordinal) => 2,
        _ when json.Contains("\"candidates\"", StringComparison.Ordinal) || json.Contains("\"contents\"", StringComparison.Ordinal) => 3,
        _ when json.Contains("\"toolUse\"", StringComparison.Ordinal) || json.Contains("\"output\":{\"message\"", StringComparison.Ordinal) => 5,
        _ when json.Contains("\"generation\"", StringComparison.Ordinal) => 6,
        _ when json.Contains("\"done\":", StringComparison.Ordinal) || json.Contains("llama", StringComparison.Ordinal) => 7,
        _ when json.Contains("response.", StringComparison.Ordinal) || json.Contains("\"input\":[", StringComparison.Ordinal) => 1,
        _ when json.Contains("\"choices\"", StringComparison.Ordinal) || json.Contains("\"messages\"", StringComparison.Ordinal) => 0,
        _ => null,
    };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [GeneratedRegex("\"\"\"[ \\t]*\\n(?<body>.*?)\\n(?<indent>[ \\t]*)\"\"\"", RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex MultiLine();

    [GeneratedRegex("\"\"\"(?<body>.+?)\"\"\"", RegexOptions.ExplicitCapture)]
    private static partial Regex SingleLine();
}
