using System.Text.Json;
using System.Text.Json.Nodes;
using LlmObserve.Contracts.Findings;
using LlmObserve.Integrations.Formats;

namespace LlmObserve.Integrations.Tests.Formats;

public sealed class OcsfFormatterTests
{
    private readonly OcsfFormatter _formatter = new();

    [Fact]
    public async Task Write_EverySample_ValidatesAgainstTheOcsfSchema()
    {
        var events = SampleFindings.All().Select(_formatter.Write).ToList();

        var (exitCode, output) = await OcsfSchema.ValidateAsync(events);

        Assert.True(exitCode == 0, $"validator exit code {exitCode}:\n{output}");
        Assert.Contains($"{events.Count} event(s) checked", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("class_uid", null, "'class_uid' is a required property")]
    [InlineData("severity_id", "\"high\"", "is not of type 'integer'")]
    [InlineData("type_uid", "200501", "is not one of")]
    [InlineData("llm_model", "\"gpt-4o\"", "Additional properties are not allowed")]
    public async Task Validate_BrokenEvent_IsRejected(string attribute, string? json, string expectedError)
    {
        var ocsf = JsonNode.Parse(_formatter.Write(SampleFindings.Complete()))!.AsObject();
        ocsf.Remove(attribute);
        if (json is not null)
        {
            ocsf[attribute] = JsonNode.Parse(json);
        }

        var (exitCode, output) = await OcsfSchema.ValidateAsync([ocsf.ToJsonString()]);

        Assert.Equal(1, exitCode);
        Assert.Contains(expectedError, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_WrongNestedObject_IsRejected()
    {
        var ocsf = JsonNode.Parse(_formatter.Write(SampleFindings.Complete()))!.AsObject();
        ocsf["finding_info"]!.AsObject().Remove("uid");
        ocsf["evidences"]![0]!["process"]!["pid"] = "4242";

        var (exitCode, output) = await OcsfSchema.ValidateAsync([ocsf.ToJsonString()]);

        Assert.Equal(1, exitCode);
        Assert.Contains("finding_info: 'uid' is a required property", output, StringComparison.Ordinal);
        Assert.Contains("evidences/0/process/pid: '4242' is not of type 'integer'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_IsOfTheVersionTheFormatterWrites()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(OcsfSchema.SchemaPath));

        var description = schema.RootElement.GetProperty("description").GetString();

        Assert.StartsWith($"OCSF {OcsfFormatter.SchemaVersion} class detection_finding", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Complete_ClassifiesAsDetectionFindingCreate()
    {
        var ocsf = Parse(SampleFindings.Complete());

        Assert.Equal(2004, ocsf.GetProperty("class_uid").GetInt32());
        Assert.Equal(2, ocsf.GetProperty("category_uid").GetInt32());
        Assert.Equal(1, ocsf.GetProperty("activity_id").GetInt32());
        Assert.Equal(200401, ocsf.GetProperty("type_uid").GetInt64());
        Assert.Equal(SampleFindings.CreatedAt.ToUnixTimeMilliseconds(), ocsf.GetProperty("time").GetInt64());
        Assert.Equal(92, ocsf.GetProperty("confidence_score").GetInt32());
        Assert.Equal(3, ocsf.GetProperty("confidence_id").GetInt32());
        var metadata = ocsf.GetProperty("metadata");
        Assert.Equal(OcsfFormatter.SchemaVersion, metadata.GetProperty("version").GetString());
        Assert.Equal("LlmObserve", metadata.GetProperty("product").GetProperty("vendor_name").GetString());
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("product").GetProperty("version").GetString()));
    }

    [Theory]
    [InlineData(FindingSeverity.Info, 1, "Informational")]
    [InlineData(FindingSeverity.Low, 2, "Low")]
    [InlineData(FindingSeverity.Medium, 3, "Medium")]
    [InlineData(FindingSeverity.High, 4, "High")]
    [InlineData(FindingSeverity.Critical, 5, "Critical")]
    public void Write_Severity_MapsToOcsfSeverityId(FindingSeverity severity, int id, string caption)
    {
        var ocsf = Parse(SampleFindings.Complete(severity));

        Assert.Equal(id, ocsf.GetProperty("severity_id").GetInt32());
        Assert.Equal(caption, ocsf.GetProperty("severity").GetString());
    }

    [Fact]
    public void Write_Complete_CarriesRuleTagsEvidenceAndWorkload()
    {
        var ocsf = Parse(SampleFindings.Complete());

        var info = ocsf.GetProperty("finding_info");
        Assert.Equal(SampleFindings.FindingId.ToString(), info.GetProperty("uid").GetString());
        Assert.Equal("prompt_injection.instruction_override", info.GetProperty("analytic").GetProperty("uid").GetString());
        Assert.Equal(["prompt_injection"], info.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        var attacks = info.GetProperty("attacks").EnumerateArray().ToList();
        Assert.Equal(3, attacks.Count);
        Assert.Equal("AML.T0051", attacks[0].GetProperty("technique").GetProperty("uid").GetString());
        Assert.Equal("AML.T0051.000", attacks[0].GetProperty("sub_technique").GetProperty("uid").GetString());
        Assert.Equal("AML.T0056", attacks[1].GetProperty("technique").GetProperty("uid").GetString());
        Assert.Equal("AML.TA0005", attacks[2].GetProperty("tactic").GetProperty("uid").GetString());
        Assert.Contains(info.GetProperty("tags").EnumerateArray(),
            t => t.GetProperty("name").GetString() == "owasp_llm_top_10" && t.GetProperty("value").GetString() == "LLM01");

        var evidence = ocsf.GetProperty("evidences")[0];
        Assert.Equal(SampleFindings.Complete().Evidence, evidence.GetProperty("data").GetProperty("evidence").GetString());
        Assert.Equal(4242, evidence.GetProperty("process").GetProperty("pid").GetInt32());
        Assert.Equal("/usr/bin/python3", evidence.GetProperty("process").GetProperty("file").GetProperty("path").GetString());
        Assert.Equal("3f1e2d4c5b6a", evidence.GetProperty("container").GetProperty("uid").GetString());
        Assert.Equal("162.159.140.245", evidence.GetProperty("dst_endpoint").GetProperty("ip").GetString());
        Assert.Equal("/v1/chat/completions", evidence.GetProperty("http_request").GetProperty("url").GetProperty("path").GetString());
        Assert.Equal(["k8s.pod", "k8s.namespace", "k8s.cluster"],
            ocsf.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        Assert.Equal("gpt-4o", ocsf.GetProperty("unmapped").GetProperty("llmobserve").GetProperty("llm").GetProperty("model").GetString());
    }

    [Fact]
    public void Write_PathWithQuery_NeverExportsTheQuery()
    {
        var text = _formatter.Write(SampleFindings.Complete());

        Assert.DoesNotContain("sk-should-not-leave", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AwkwardText_IsOneLineOfBoundedJson()
    {
        var text = _formatter.Write(SampleFindings.Awkward());

        Assert.DoesNotContain('\n', text);
        Assert.True(text.Length < 40_000, $"{text.Length} characters");
        var ocsf = JsonDocument.Parse(text).RootElement;
        var evidence = ocsf.GetProperty("evidences")[0].GetProperty("data").GetProperty("evidence").GetString()!;
        Assert.EndsWith("…", evidence, StringComparison.Ordinal);
        Assert.Contains("\uFFFD surrogate", ocsf.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(ocsf.TryGetProperty("confidence_score", out _));
    }

    private JsonElement Parse(Data.Findings.FindingEvent finding) => JsonDocument.Parse(_formatter.Write(finding)).RootElement;
}
