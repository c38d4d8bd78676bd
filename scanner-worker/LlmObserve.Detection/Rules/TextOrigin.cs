using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmObserve.Detection.Rules;

/// <summary>A rule file's name and text, to put errors at a YAML node's line and column.</summary>
internal sealed class RuleFileText(string name, string text)
{
    public string Name { get; } = name;

    public string Text { get; } = text;

    public RuleError Error(Mark mark, string message) => new(Name, (int)mark.Line, (int)mark.Column, message);

    public RuleError Error(YamlNode node, string message) => Error(node.Start, message);

    /// <summary>The 1-based line and column of a character index into <see cref="Text"/>.</summary>
    public (int Line, int Column) Position(int index)
    {
        index = Math.Clamp(index, 0, Text.Length);
        var lineStart = index == 0 ? 0 : Text.LastIndexOf('\n', index - 1) + 1;
        var line = 1 + Text.AsSpan(0, lineStart).Count('\n');
        return (line, index - lineStart + 1);
    }
}

/// <summary>
/// Where a piece of condition text came from, so that an error inside it points at the offending character
/// in the YAML file rather than at the start of the scalar.
/// </summary>
internal abstract class TextOrigin
{
    public abstract (string File, int Line, int Column) Position(int offset);

    public RuleError Error(int offset, string message)
    {
        var (file, line, column) = Position(offset);
        return new RuleError(file, line, column, message);
    }

    public string Describe(int offset)
    {
        var (_, line, column) = Position(offset);
        return $"{line}:{column}";
    }
}

/// <summary>Text that is not a YAML scalar's value character by character (an exception's value): every offset is the node's start.</summary>
internal sealed class NodeOrigin(RuleFileText file, YamlNode node) : TextOrigin
{
    public override (string File, int Line, int Column) Position(int offset) =>
        (file.Name, (int)node.Start.Line, (int)node.Start.Column);
}

/// <summary>
/// The value of a YAML scalar. Offsets into the value are mapped back to the file by walking the raw text
/// alongside the value: what YAML adds (quotes, escapes, indentation, line folds) is skipped, so the mapping is
/// exact for single-line scalars and line by line for block scalars (<c>|</c>, <c>&gt;</c>).
/// </summary>
internal sealed class ScalarOrigin(RuleFileText file, YamlScalarNode node) : TextOrigin
{
    public string Value { get; } = node.Value ?? "";

    public override (string File, int Line, int Column) Position(int offset)
    {
        var (line, column) = file.Position(RawIndex(offset));
        return (file.Name, line, column);
    }

    private int RawIndex(int offset)
    {
        var text = file.Text;
        var start = (int)node.Start.Index;
        var end = Math.Min(text.Length, (int)node.End.Index);
        var raw = node.Style switch
        {
            ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted => start + 1,
            ScalarStyle.Literal or ScalarStyle.Folded => text.IndexOf('\n', start) is var nl and >= 0 ? nl + 1 : start,
            _ => start,
        };

        var value = Value;
        for (var v = 0; v < value.Length; v++)
        {
            var at = Find(text, raw, end, value[v], out var next);
            if (at < 0)
            {
                return start;
            }

            if (v == offset)
            {
                return at;
            }

            raw = next;
        }

        return offset <= 0 ? start : Math.Min(raw, end);
    }

    /// <summary>The raw index where value character <paramref name="c"/> is written, from <paramref name="from"/> on.</summary>
    private int Find(string text, int from, int end, char c, out int next)
    {
        for (var i = from; i < end; i++)
        {
            if (node.Style == ScalarStyle.DoubleQuoted && text[i] == '\\' && i + 1 < end)
            {
                var length = EscapeLength(text, i);
                if (text[i + 1] is not ('\n' or '\r') && Unescape(text[i + 1]) == c)
                {
                    next = i + length;
                    return i;
                }

                i += length - 1;
                continue;
            }

            if (text[i] == c)
            {
                next = i + 1;
                return i;
            }
        }

        next = end;
        return -1;
    }

    private static int EscapeLength(string text, int i) => text[i + 1] switch
    {
        'x' => 4,
        'u' => 6,
        'U' => 10,
        _ => 2,
    } is var n && i + n <= text.Length ? n : 2;

    private static char Unescape(char c) => c switch
    {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        'a' => '\a',
        'b' => '\b',
        'e' => '\u001b',
        'f' => '\f',
        'v' => '\v',
        '_' => '\u00a0',
        'N' => '\u0085',
        ' ' => ' ',
        _ => c,
    };
}
