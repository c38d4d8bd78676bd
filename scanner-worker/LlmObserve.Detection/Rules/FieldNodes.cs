using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>A string test on a string field; on a text field, a substring match is the evidence.</summary>
internal sealed class StringFieldNode(RuleField field, StringTest test, bool negate = false) : ConditionNode
{
    public override int Cost => test.Cost;

    public override bool Eval(ScanSubject subject, ref Hit hit)
    {
        var value = field.GetString(subject);
        if (value is null)
        {
            return false;
        }

        var matched = test.Test(value, out var start, out var length);
        if (negate)
        {
            return !matched;
        }

        if (matched && field.IsEvidenceField && test.GivesSpan)
        {
            hit = Hit.Span(field.Name, value, start, length);
        }

        return matched;
    }
}

/// <summary>
/// A string test on a list field: true when any element passes; negated (<c>!=</c>), true when the list has
/// elements and none passes.
/// </summary>
internal sealed class ListFieldNode(RuleField field, StringTest test, bool negate = false) : ConditionNode
{
    // One buffer per thread: the rule set is shared across threads, and no leaf runs inside another.
    [ThreadStatic]
    private static List<string>? t_buffer;

    public override int Cost => test.Cost + 1;

    /// <summary>The list field's elements, in this thread's buffer (valid until the next call).</summary>
    public static List<string> Read(RuleField field, ScanSubject subject)
    {
        var items = t_buffer ??= [];
        items.Clear();
        field.GetList(subject, items);
        return items;
    }

    public override bool Eval(ScanSubject subject, ref Hit hit)
    {
        var items = Read(field, subject);
        if (items.Count == 0)
        {
            return false;
        }

        var any = false;
        foreach (var item in items)
        {
            if (test.Test(item, out _, out _))
            {
                any = true;
                break;
            }
        }

        return any != negate;
    }
}

internal sealed class NumberFieldNode(RuleField field, NumberComparison comparison, double operand) : ConditionNode
{
    public override bool Eval(ScanSubject subject, ref Hit hit) =>
        field.GetNumber(subject) is { } value && comparison.Compare(value, operand);
}

internal sealed class NumberInNode(RuleField field, double[] operands) : ConditionNode
{
    public override bool Eval(ScanSubject subject, ref Hit hit) =>
        field.GetNumber(subject) is { } value && Array.IndexOf(operands, value) >= 0;
}

internal sealed class BoolFieldNode(RuleField field, bool operand, bool negate) : ConditionNode
{
    public override bool Eval(ScanSubject subject, ref Hit hit) =>
        field.GetBool(subject) is { } value && (value == operand) != negate;
}

/// <summary><c>field exists</c>: the only test that is true on an absent value's opposite.</summary>
internal sealed class ExistsNode(RuleField field) : ConditionNode
{
    public override bool Eval(ScanSubject subject, ref Hit hit)
    {
        switch (field.Type)
        {
            case FieldType.Text:
                return field.GetString(subject) is not null;
            case FieldType.Number:
                return field.GetNumber(subject) is not null;
            case FieldType.Bool:
                return field.GetBool(subject) is not null;
            default:
                return ListFieldNode.Read(field, subject).Count > 0;
        }
    }
}
