using System.Text;

namespace LlmObserve.Integrations.Tests.Formats;

/// <summary>
/// A reader of one CEF line as the specification describes it, written independently of the
/// formatter: seven header fields split at unescaped pipes, then <c>key=value</c> pairs where a
/// value runs up to the next space followed by a key and an unescaped equals sign.
/// </summary>
internal sealed record CefLine(IReadOnlyList<string> Header, IReadOnlyList<KeyValuePair<string, string>> Extensions)
{
    public string this[string key] => Extensions.Single(e => e.Key == key).Value;

    public static CefLine Parse(string line)
    {
        var header = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        for (; i < line.Length && header.Count < 7; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '\\' or '|')
            {
                field.Append(line[++i]);
            }
            else if (line[i] == '|')
            {
                header.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(line[i]);
            }
        }

        if (header.Count != 7)
        {
            throw new FormatException($"{header.Count} header fields, expected 7: {line}");
        }

        return new CefLine(header, ParseExtensions(line[i..]));
    }

    private static List<KeyValuePair<string, string>> ParseExtensions(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var starts = new List<(int Key, int Value)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && (i == 0 || text[i - 1] != '\\' || EscapedBackslash(text, i - 1)))
            {
                var keyStart = i;
                while (keyStart > 0 && char.IsAsciiLetterOrDigit(text[keyStart - 1]))
                {
                    keyStart--;
                }

                if (keyStart < i && (keyStart == 0 || text[keyStart - 1] == ' '))
                {
                    starts.Add((keyStart, i + 1));
                }
            }
        }

        for (var n = 0; n < starts.Count; n++)
        {
            var end = n + 1 < starts.Count ? starts[n + 1].Key - 1 : text.Length;
            pairs.Add(new(text[starts[n].Key..(starts[n].Value - 1)], Unescape(text[starts[n].Value..end])));
        }

        return pairs;
    }

    /// <summary>Whether the backslash at <paramref name="index"/> is itself escaped (an even run ends there).</summary>
    private static bool EscapedBackslash(string text, int index)
    {
        var run = 0;
        for (var i = index; i >= 0 && text[i] == '\\'; i--)
        {
            run++;
        }

        return run % 2 == 0;
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length)
            {
                result.Append(value[i]);
                continue;
            }

            result.Append(value[++i] switch
            {
                'n' => '\n',
                'r' => '\r',
                var c => c,
            });
        }

        return result.ToString();
    }
}
