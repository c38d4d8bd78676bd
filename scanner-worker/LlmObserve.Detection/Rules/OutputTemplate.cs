using System.Globalization;
using System.Text;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// A rule's output with Falco-style <c>%field</c> placeholders: any field of <see cref="FieldCatalog"/>, or
/// <c>%detect.NAME</c> for the kind of that detector's most confident signal. <c>%%</c> is a percent sign; a
/// trailing dot ends a name (<c>… by %k8s.pod.</c>). Absent values print as <c>&lt;NA&gt;</c>; long values are
/// cut, so an output never carries a whole prompt.
/// </summary>
public sealed class OutputTemplate
{
    private const int MaxValueLength = 120;
    private const string NotAvailable = "<NA>";

    private readonly Part[] _parts;

    private OutputTemplate(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    private readonly record struct Part(string? Literal, RuleField? Field, string? Detector);

    internal static OutputTemplate Parse(string text, TextOrigin origin, IReadOnlySet<string> detectors, ICollection<RuleError> errors)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%' || i + 1 >= text.Length || !IsNameChar(text[i + 1]))
            {
                literal.Append(text[i]);
                i += text[i] == '%' && i + 1 < text.Length && text[i + 1] == '%' ? 1 : 0;
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < text.Length && IsNameChar(text[end]))
            {
                end++;
            }

            while (end > start && text[end - 1] == '.')
            {
                end--;
            }

            var name = text[start..end];
            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, null));
                literal.Clear();
            }

            if (FieldCatalog.Find(name) is { } field)
            {
                parts.Add(new Part(null, field, null));
            }
            else if (name.StartsWith("detect.", StringComparison.Ordinal) && detectors.Contains(name["detect.".Length..]))
            {
                parts.Add(new Part(null, null, name["detect.".Length..]));
            }
            else
            {
                errors.Add(origin.Error(start - 1, $"output: unknown field '%{name}'{Suggestions.DidYouMean(name, FieldCatalog.All.Select(f => f.Name))}"));
            }

            i = end - 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null, null));
        }

        return new OutputTemplate(text, [.. parts]);
    }

    /// <summary>The output for one subject. Runs only for a matched rule, so it may allocate.</summary>
    public string Format(ScanSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var builder = new StringBuilder(Text.Length + 32);
        foreach (var part in _parts)
        {
            if (part.Literal is not null)
            {
                builder.Append(part.Literal);
            }
            else if (part.Detector is not null)
            {
                var signals = subject.Signals(part.Detector);
                builder.Append(signals.Count == 0 ? NotAvailable : signals.MaxBy(s => s.Confidence)!.Kind);
            }
            else
            {
                AppendValue(builder, part.Field!, subject);
            }
        }

        return builder.ToString();
    }

    private static void AppendValue(StringBuilder builder, RuleField field, ScanSubject subject)
    {
        var value = field.Type switch
        {
            FieldType.Text => field.GetString(subject),
            FieldType.Number => field.GetNumber(subject)?.ToString("0.###", CultureInfo.InvariantCulture),
            FieldType.Bool => field.GetBool(subject) is { } flag ? (flag ? "true" : "false") : null,
            _ => JoinList(field, subject),
        };
        if (value is null)
        {
            builder.Append(NotAvailable);
        }
        else if (value.Length > MaxValueLength)
        {
            builder.Append(value.AsSpan(0, MaxValueLength)).Append('…');
        }
        else
        {
            builder.Append(value);
        }
    }

    private static string? JoinList(RuleField field, ScanSubject subject)
    {
        var items = new List<string>();
        field.GetList(subject, items);
        return items.Count == 0 ? null : string.Join(",", items);
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';
}
