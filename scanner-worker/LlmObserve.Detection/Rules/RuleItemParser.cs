using LlmObserve.Contracts.Findings;

namespace LlmObserve.Detection.Rules;

/// <summary>Reads the keys of one <c>- rule:</c> item: each value's type and allowed values.</summary>
internal sealed class RuleItemParser(RuleFileParser file, RuleFileItem item)
{
    public static readonly string[] Keys =
        ["rule", "desc", "condition", "output", "severity", "priority", "category", "tags", "enabled", "exceptions", "examples", "append", "override"];

    public static readonly string[] Categories =
    [
        FindingCategory.PromptInjection, FindingCategory.Jailbreak, FindingCategory.Secret, FindingCategory.Pii,
        FindingCategory.SystemPromptLeak, FindingCategory.Exfiltration, FindingCategory.ShadowAi, FindingCategory.ToolRisk,
        FindingCategory.CostAnomaly,
    ];

    private const string SeverityNames = "info, low, medium, high, critical (or a Falco priority: emergency, alert, critical, error, warning, notice, informational, debug)";

    public void Read()
    {
        var yaml = item.Yaml;
        yaml.CheckKeys(Keys);
        CheckId();
        item.Description = yaml.String("desc");
        item.Condition = file.Condition(item, required: false);
        if (yaml.Scalar("output") is { } output)
        {
            item.Output = OutputTemplate.Parse(output.Value ?? "", new ScalarOrigin(yaml.File, output), file.Detectors, yaml.Errors);
        }

        ReadSeverity();
        if (yaml.Scalar("category") is { } category)
        {
            item.Category = category.Value;
            if (!Categories.Contains(category.Value, StringComparer.Ordinal))
            {
                yaml.Error(category, $"{item.What} has category '{category.Value}'{Suggestions.DidYouMean(category.Value ?? "", Categories)}; expected one of {string.Join(", ", Categories)}");
            }
        }

        item.Tags = yaml.Strings("tags");
        item.Enabled = yaml.Bool("enabled");
        if (yaml.Node("exceptions") is not null)
        {
            item.Exceptions = new ExceptionParser(yaml).Read();
        }

        if (yaml.Node("examples") is { } examples)
        {
            (item.PositiveExamples, item.NegativeExamples) = ExampleParser.Read(yaml, examples);
        }
    }

    /// <summary>Maps a severity, or a Falco priority name, case-insensitively.</summary>
    public static FindingSeverity? ParseSeverity(string name) => name.ToLowerInvariant() switch
    {
        "info" or "informational" or "debug" => FindingSeverity.Info,
        "low" or "notice" => FindingSeverity.Low,
        "medium" or "warning" => FindingSeverity.Medium,
        "high" or "error" => FindingSeverity.High,
        "critical" or "alert" or "emergency" => FindingSeverity.Critical,
        _ => null,
    };

    private void CheckId()
    {
        var id = item.Name;
        if (id.Length == 0 || id.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.' or '-')))
        {
            var node = item.Yaml.Scalar("rule");
            item.Yaml.Error((YamlDotNet.RepresentationModel.YamlNode?)node ?? item.Yaml.Map, $"rule id '{id}' may only use a-z, 0-9, '_', '.' and '-' (e.g. secret.github_token)");
        }
    }

    private void ReadSeverity()
    {
        var yaml = item.Yaml;
        var severity = yaml.Scalar("severity");
        var priority = yaml.Scalar("priority");
        if (severity is not null && priority is not null)
        {
            yaml.Error(priority, $"{item.What} has both 'severity' and 'priority'; use 'severity'");
        }

        if ((severity ?? priority) is not { } node)
        {
            return;
        }

        item.Severity = ParseSeverity(node.Value ?? "");
        if (item.Severity is null)
        {
            yaml.Error(node, $"{item.What} has severity '{node.Value}'; expected one of {SeverityNames}");
        }
    }
}
