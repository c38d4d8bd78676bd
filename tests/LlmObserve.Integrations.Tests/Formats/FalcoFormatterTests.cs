using System.Globalization;
using System.Text.Json;
using LlmObserve.Contracts.Findings;
using LlmObserve.Integrations.Formats;

namespace LlmObserve.Integrations.Tests.Formats;

public sealed class FalcoFormatterTests
{
    /// <summary>
    /// The contract: falcosecurity/falcosidekick types/types.go, <c>FalcoPayload</c> (JSON name and
    /// the JSON kind its Go type decodes from). Check() there rejects an empty priority or rule, a
    /// zero time and empty output_fields.
    /// </summary>
    private static readonly Dictionary<string, JsonValueKind> FalcoPayload = new(StringComparer.Ordinal)
    {
        ["uuid"] = JsonValueKind.String, // string, omitempty
        ["output"] = JsonValueKind.String, // string
        ["priority"] = JsonValueKind.String, // PriorityType, from its name
        ["rule"] = JsonValueKind.String, // string
        ["time"] = JsonValueKind.String, // time.Time, RFC 3339
        ["output_fields"] = JsonValueKind.Object, // map[string]interface{}
        ["source"] = JsonValueKind.String, // string
        ["tags"] = JsonValueKind.Array, // []string, omitempty
        ["hostname"] = JsonValueKind.String, // string, omitempty
    };

    /// <summary>Falcosidekick's PriorityType names (types/priority.go).</summary>
    private static readonly string[] FalcoPriorities =
        ["Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"];

    private readonly FalcoFormatter _formatter = new();

    [Fact]
    public void Write_EverySample_HasExactlyFalcoPayloadFieldsAndTypes()
    {
        foreach (var finding in SampleFindings.All())
        {
            var falco = JsonDocument.Parse(_formatter.Write(finding)).RootElement;

            foreach (var property in falco.EnumerateObject())
            {
                Assert.True(FalcoPayload.TryGetValue(property.Name, out var kind), $"'{property.Name}' is not a FalcoPayload field");
                Assert.Equal(kind, property.Value.ValueKind);
            }

            foreach (var name in new[] { "output", "priority", "rule", "time", "output_fields", "source" })
            {
                Assert.True(falco.TryGetProperty(name, out _), $"'{name}' is missing");
            }

            Assert.NotEmpty(falco.GetProperty("rule").GetString()!);
            Assert.Contains(falco.GetProperty("priority").GetString(), FalcoPriorities);
            Assert.NotEmpty(falco.GetProperty("output_fields").EnumerateObject());
            Assert.All(falco.TryGetProperty("tags", out var tags) ? tags.EnumerateArray() : [],
                t => Assert.Equal(JsonValueKind.String, t.ValueKind));
        }
    }

    [Fact]
    public void Write_OutputFields_AreFlatScalarsWithK8sNamesAsStringsOrNull()
    {
        foreach (var finding in SampleFindings.All())
        {
            var fields = JsonDocument.Parse(_formatter.Write(finding)).RootElement.GetProperty("output_fields");

            Assert.All(fields.EnumerateObject(), f => Assert.Contains(f.Value.ValueKind,
                new[] { JsonValueKind.String, JsonValueKind.Number, JsonValueKind.Null }));
            // Falcosidekick type-asserts these two to string when they are not null.
            Assert.Contains(fields.GetProperty("k8s.ns.name").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
            Assert.Contains(fields.GetProperty("k8s.pod.name").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        }
    }

    [Fact]
    public void Write_Complete_TimeIsRfc3339WithNanosecondsAndFieldsUseFalcoNames()
    {
        var falco = JsonDocument.Parse(_formatter.Write(SampleFindings.Complete())).RootElement;

        var time = falco.GetProperty("time").GetString()!;
        Assert.Equal("2025-03-14T09:26:53.589793200Z", time);
        Assert.Equal(SampleFindings.CapturedAt, DateTimeOffset.Parse(time, CultureInfo.InvariantCulture));
        var fields = falco.GetProperty("output_fields");
        Assert.Equal("shop", fields.GetProperty("k8s.ns.name").GetString());
        Assert.Equal("checkout-7d9f", fields.GetProperty("k8s.pod.name").GetString());
        Assert.Equal(4242, fields.GetProperty("proc.pid").GetInt32());
        Assert.Equal("python3 /app/agent.py --mode chat", fields.GetProperty("proc.cmdline").GetString());
        Assert.Equal("/usr/bin/python3", fields.GetProperty("proc.exepath").GetString());
        Assert.Equal("3f1e2d4c5b6a", fields.GetProperty("container.id").GetString());
        Assert.Equal("gpt-4o", fields.GetProperty("llm.model").GetString());
        Assert.Equal("prompt_injection.instruction_override", fields.GetProperty("llmobserve.rule.id").GetString());
        Assert.Equal("prompt_injection.instruction_override", falco.GetProperty("rule").GetString());
        Assert.Equal("llmobserve", falco.GetProperty("source").GetString());
        Assert.Equal("node-a1", falco.GetProperty("hostname").GetString());
        Assert.Equal(SampleFindings.FindingId.ToString(), falco.GetProperty("uuid").GetString());
        Assert.StartsWith("09:26:53.589793200: Error Prompt injection sent to openai", falco.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FindingSeverity.Info, "Informational")]
    [InlineData(FindingSeverity.Low, "Notice")]
    [InlineData(FindingSeverity.Medium, "Warning")]
    [InlineData(FindingSeverity.High, "Error")]
    [InlineData(FindingSeverity.Critical, "Critical")]
    public void Write_Severity_MapsToFalcoPriority(FindingSeverity severity, string priority)
    {
        var falco = JsonDocument.Parse(_formatter.Write(SampleFindings.Complete(severity))).RootElement;

        Assert.Equal(priority, falco.GetProperty("priority").GetString());
    }

    [Fact]
    public void Write_Awkward_OutputIsOneHumanLine()
    {
        var text = _formatter.Write(SampleFindings.Awkward());

        Assert.DoesNotContain('\n', text);
        var output = JsonDocument.Parse(text).RootElement.GetProperty("output").GetString()!;
        Assert.DoesNotContain(output, char.IsControl);
        Assert.Contains("k8s.ns=shop", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Sparse_OmitsEmptyTagsAndWritesNullForMissingFields()
    {
        var falco = JsonDocument.Parse(_formatter.Write(SampleFindings.Sparse())).RootElement;

        Assert.False(falco.TryGetProperty("tags", out _));
        Assert.Equal(JsonValueKind.Null, falco.GetProperty("output_fields").GetProperty("k8s.pod.name").ValueKind);
        Assert.Contains("k8s.pod=<NA>", falco.GetProperty("output").GetString(), StringComparison.Ordinal);
    }
}
