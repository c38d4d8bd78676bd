using LlmObserve.Administration;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Web.Views.Rules;

/// <summary>The YAML the rule editor starts from, and the text a browser submits.</summary>
internal static class RuleYaml
{
    /// <summary>A rule that compiles and passes its examples, so a new rule starts from something that works.</summary>
    public const string NewRuleTemplate = """
        # A custom rule: one rule item, with any lists and macros it needs (Falco style). Validate runs its
        # examples; Dry-run shows what it would have found in the most recent exchanges.
        - rule: custom.employee_number
          desc: An internal employee number (EMP-123456) sent to an LLM.
          condition: llm.prompt regex "EMP-[0-9]{6}"
          output: Employee number sent to %llm.provider by %proc.exe in %k8s.ns/%k8s.pod
          severity: medium
          category: pii
          tags: [maturity_sandbox, LLM02]
          examples:
            positive: ["Summarize the review of EMP-123456 for me"]
            negative: ["How many employees does a typical startup have?"]

        """;

    /// <summary>
    /// The YAML the tenant stored for the rule; for a built-in rule it did not replace, the rule's own item cut
    /// out of its pack file. The pack's lists and macros stay where they are: validation compiles the pack first,
    /// so a replacement may use them.
    /// </summary>
    public static string Of(RuleDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (detail.Yaml is { } stored)
        {
            return stored;
        }

        var source = DetectionEngine.BuiltInRuleSources().FirstOrDefault(s => string.Equals(s.File, detail.SourceFile, StringComparison.Ordinal));
        return source is null ? "" : ItemAt(Normalize(source.Yaml), detail.Line);
    }

    /// <summary>Browsers send a textarea's lines with CRLF; rules are stored with LF, as the pack's files are.</summary>
    public static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>How many lines the editor shows: a text ending in a newline has an empty last line the cursor can reach.</summary>
    public static int LineCount(string text) => text.Count(c => c == '\n') + 1;

    /// <summary>
    /// The top-level item starting at <paramref name="line"/> (1-based): its lines up to the next top-level
    /// item, without the blank and comment lines that introduce that next item.
    /// </summary>
    internal static string ItemAt(string yaml, int line)
    {
        var lines = yaml.Split('\n');
        var start = Math.Clamp(line - 1, 0, lines.Length - 1);
        while (start > 0 && !lines[start].StartsWith('-'))
        {
            start--;
        }

        var end = start + 1;
        while (end < lines.Length && !lines[end].StartsWith('-'))
        {
            end++;
        }

        while (end > start + 1 && (lines[end - 1].Trim().Length == 0 || lines[end - 1].StartsWith('#')))
        {
            end--;
        }

        return string.Join('\n', lines[start..end]) + "\n";
    }
}
