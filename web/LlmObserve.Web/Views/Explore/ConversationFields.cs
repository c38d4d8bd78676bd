using LlmObserve.Administration;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Web.Views.Explore;

/// <summary>One text field of an exchange's conversation, with the evidence ranges of the findings that point into it.</summary>
public sealed record ConversationField(string Name, string Label, string Text, IReadOnlyList<EvidenceRange> Evidence);

/// <summary>The conversation's text fields in reading order, each with its findings' evidence.</summary>
public static class ConversationFields
{
    /// <summary>Field names as findings' <c>Location</c> gives them, and what the page calls them, in reading order.</summary>
    public static IReadOnlyList<(string Name, string Label)> Labels { get; } =
    [
        (TextFields.System, "System prompt"),
        (TextFields.Prompt, "Messages / prompt"),
        (TextFields.ToolCalls, "Tool calls"),
        (TextFields.ToolResults, "Tool results"),
        (TextFields.Response, "Response"),
    ];

    /// <summary>The fields that have text; a field name the page does not know is shown last, under its own name.</summary>
    public static IReadOnlyList<ConversationField> Of(ExchangeDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var fields = detail.Conversation.Fields;
        var known = Labels.Where(l => fields.ContainsKey(l.Name));
        var unknown = fields.Keys.Where(k => !Labels.Any(l => l.Name == k)).Order(StringComparer.Ordinal).Select(k => (Name: k, Label: k));
        return [.. known.Concat(unknown).Select(l => new ConversationField(l.Name, l.Label, fields[l.Name], EvidenceIn(detail.Findings, l.Name)))];
    }

    /// <summary>The findings whose evidence is marked in one of the fields: only these get a link to their mark.</summary>
    public static IReadOnlySet<Guid> Anchored(IEnumerable<ConversationField> fields) =>
        fields.SelectMany(f => EvidenceSegments.Anchored(f.Text, f.Evidence)).ToHashSet();

    public static string LabelOf(string location) =>
        Labels.FirstOrDefault(l => l.Name == location).Label ?? location;

    private static List<EvidenceRange> EvidenceIn(IEnumerable<FindingItem> findings, string field) =>
        [.. findings
            .Where(f => f.Location == field && f.EvidenceStart is not null && f.EvidenceLength is not null)
            .Select(f => new EvidenceRange(f.Id, f.RuleId, f.Severity, f.EvidenceStart!.Value, f.EvidenceLength!.Value))];
}
