using System.Text.Json.Serialization;

namespace LlmObserve.Contracts.Findings;

/// <summary>
/// How bad a finding is. Stored as a small integer so "severity at least" is one comparison;
/// on the wire it is the lower-case name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingSeverity>))]
public enum FindingSeverity : short
{
    [JsonStringEnumMemberName("info")]
    Info = 0,
    [JsonStringEnumMemberName("low")]
    Low = 1,
    [JsonStringEnumMemberName("medium")]
    Medium = 2,
    [JsonStringEnumMemberName("high")]
    High = 3,
    [JsonStringEnumMemberName("critical")]
    Critical = 4,
}

/// <summary>The fixed set of finding categories every detector and rule maps to.</summary>
public static class FindingCategory
{
    public const string PromptInjection = "prompt_injection";
    public const string Jailbreak = "jailbreak";
    public const string Secret = "secret";
    public const string Pii = "pii";
    public const string SystemPromptLeak = "system_prompt_leak";
    public const string Exfiltration = "exfiltration";
    public const string ShadowAi = "shadow_ai";
    public const string ToolRisk = "tool_risk";
    public const string CostAnomaly = "cost_anomaly";
}
