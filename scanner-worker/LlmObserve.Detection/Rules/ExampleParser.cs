using System.Globalization;
using System.Text.Json;
using LlmObserve.Detection.Conversations;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmObserve.Detection.Rules;

/// <summary>Reads a rule's <c>examples: {positive: […], negative: […]}</c> into <see cref="RuleExample"/>s.</summary>
internal static class ExampleParser
{
    private static readonly string[] Keys =
    [
        "prompt", "system", "response", "tool_results", "tool_calls", "tools", "provider", "model", "api", "finish_reason",
        "streamed", "tokens_input", "tokens_output", "baseline_tokens", "latency_ms", "host", "namespace", "pod", "container_id", "exe", "cmdline", "node",
    ];

    public static (IReadOnlyList<RuleExample> Positive, IReadOnlyList<RuleExample> Negative) Read(YamlItem rule, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            rule.Error(node, $"{rule.What}: 'examples' must be a mapping with 'positive' and 'negative' lists");
            return ([], []);
        }

        var examples = new YamlItem(rule.File, map, $"{rule.What}: examples", rule.Errors);
        examples.CheckKeys(["positive", "negative"]);
        return (List(examples, "positive"), List(examples, "negative"));
    }

    private static List<RuleExample> List(YamlItem examples, string key)
    {
        var result = new List<RuleExample>();
        foreach (var node in examples.Sequence(key) ?? [])
        {
            var (line, column) = ((int)node.Start.Line, (int)node.Start.Column);
            switch (node)
            {
                case YamlScalarNode { Value: { } prompt }:
                    result.Add(new RuleExample { Prompt = prompt, File = examples.File.Name, Line = line, Column = column });
                    break;
                case YamlMappingNode map:
                    result.Add(Example(new YamlItem(examples.File, map, $"{examples.What}: {key} example", examples.Errors), line, column));
                    break;
                default:
                    examples.Error(node, $"{examples.What}: each {key} example must be a prompt or a mapping, not a {YamlItem.Describe(node)}");
                    break;
            }
        }

        return result;
    }

    private static RuleExample Example(YamlItem yaml, int line, int column)
    {
        yaml.CheckKeys(Keys);
        return new RuleExample
        {
            Prompt = yaml.String("prompt"),
            System = yaml.String("system"),
            Response = yaml.String("response"),
            ToolResults = yaml.Node("tool_results") is YamlScalarNode { Value: { } one } ? [one] : yaml.Strings("tool_results") ?? [],
            ToolCalls = ToolCalls(yaml),
            Tools = yaml.Strings("tools") ?? [],
            Provider = yaml.String("provider"),
            Model = yaml.String("model"),
            Api = yaml.String("api"),
            FinishReason = yaml.String("finish_reason"),
            Streamed = yaml.Bool("streamed") ?? false,
            TokensInput = (long?)Number(yaml, "tokens_input", whole: true),
            TokensOutput = (long?)Number(yaml, "tokens_output", whole: true),
            BaselineTokens = (long?)Number(yaml, "baseline_tokens", whole: true),
            LatencyMs = Number(yaml, "latency_ms", whole: false),
            Host = yaml.String("host"),
            Namespace = yaml.String("namespace"),
            Pod = yaml.String("pod"),
            ContainerId = yaml.String("container_id"),
            Exe = yaml.String("exe"),
            Cmdline = yaml.String("cmdline"),
            Node = yaml.String("node"),
            File = yaml.File.Name,
            Line = line,
            Column = column,
        };
    }

    private static double? Number(YamlItem yaml, string key, bool whole)
    {
        if (yaml.Scalar(key) is not { } scalar)
        {
            return null;
        }

        if (double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && (!whole || value == Math.Floor(value)))
        {
            return value;
        }

        yaml.Error(scalar, $"{yaml.What}: '{key}' must be a {(whole ? "whole " : "")}number, but is '{scalar.Value}'");
        return null;
    }

    private static List<ToolCall> ToolCalls(YamlItem yaml)
    {
        var calls = new List<ToolCall>();
        foreach (var node in yaml.Sequence("tool_calls") ?? [])
        {
            if (node is not YamlMappingNode map)
            {
                yaml.Error(node, $"{yaml.What}: each tool call must be a mapping with 'name' and 'arguments'");
                continue;
            }

            var call = new YamlItem(yaml.File, map, $"{yaml.What}: tool call", yaml.Errors);
            call.CheckKeys(["name", "arguments"]);
            var name = call.String("name", required: true) ?? "";
            var arguments = call.Node("arguments") switch
            {
                null => "{}",
                YamlScalarNode scalar => scalar.Value ?? "",
                var structured => Json(structured),
            };
            calls.Add(new ToolCall($"call_{calls.Count}", name, arguments));
        }

        return calls;
    }

    /// <summary>Arguments written as YAML, as the JSON a provider would send.</summary>
    private static string Json(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    writer.WritePropertyName((key as YamlScalarNode)?.Value ?? "");
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } flag:
                writer.WriteBooleanValue(flag.Value == "true");
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain } plain when double.TryParse(plain.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                writer.WriteNumberValue(number);
                break;
            case YamlScalarNode scalar:
                writer.WriteStringValue(scalar.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
