using System.Text.Json;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Findings;

namespace LlmObserve.Integrations.Formats;

/// <summary>
/// A finding as an OCSF Detection Finding (class_uid 2004) of OCSF <see cref="SchemaVersion"/>,
/// using only core attributes (no profiles). tests/…/Formats/ocsf holds the JSON Schema the
/// output is validated against.
/// </summary>
public sealed class OcsfFormatter : IFindingFormatter
{
    /// <summary>The OCSF schema version the events conform to (metadata.version).</summary>
    public const string SchemaVersion = "1.8.0";

    internal const int ClassUid = 2004;
    internal const int CategoryUid = 2;
    internal const int ActivityCreate = 1;
    internal const int TypeUid = ClassUid * 100 + ActivityCreate;

    public string Name => ExportFormats.Ocsf;

    public string ContentType => "application/json";

    public string Write(FindingEvent finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return JsonOutput.Write(finding, WriteEvent);
    }

    /// <summary>OCSF severity_id and its caption: info 1 Informational … critical 5 Critical.</summary>
    internal static (int Id, string Caption) Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Info => (1, "Informational"),
        FindingSeverity.Low => (2, "Low"),
        FindingSeverity.Medium => (3, "Medium"),
        FindingSeverity.High => (4, "High"),
        FindingSeverity.Critical => (5, "Critical"),
        _ => (0, "Unknown"),
    };

    /// <summary>OCSF confidence_id and its caption for a confidence in percent (OCSF's confidence_score).</summary>
    internal static (int Id, string Caption) ConfidenceLevel(int percent) => percent switch
    {
        >= 80 => (3, "High"),
        >= 50 => (2, "Medium"),
        _ => (1, "Low"),
    };

    private static void WriteEvent(Utf8JsonWriter w, FindingEvent f)
    {
        var (severityId, severity) = Severity(f.Severity);
        w.WriteStartObject();
        w.WriteNumber("activity_id", ActivityCreate);
        w.WriteString("activity_name", "Create");
        w.WriteNumber("category_uid", CategoryUid);
        w.WriteString("category_name", "Findings");
        w.WriteNumber("class_uid", ClassUid);
        w.WriteString("class_name", "Detection Finding");
        w.WriteNumber("type_uid", TypeUid);
        w.WriteString("type_name", "Detection Finding: Create");
        w.WriteNumber("severity_id", severityId);
        w.WriteString("severity", severity);
        w.WriteNumber("status_id", 1);
        w.WriteString("status", "New");
        w.WriteBoolean("is_alert", true);
        w.WriteNumber("time", ExportText.UnixMilliseconds(f.CreatedAt));
        w.WriteNumber("start_time", ExportText.UnixMilliseconds(f.CapturedAt));
        w.WriteNumber("end_time", ExportText.UnixMilliseconds(f.CapturedAt));
        w.WriteNumber("timezone_offset", 0);
        w.Text("message", f.Title);
        if (ExportText.ConfidencePercent(f.Confidence) is { } percent)
        {
            var (confidenceId, confidence) = ConfidenceLevel(percent);
            w.WriteNumber("confidence_score", percent);
            w.WriteNumber("confidence_id", confidenceId);
            w.WriteString("confidence", confidence);
        }

        WriteMetadata(w, f);
        WriteFindingInfo(w, f);
        OcsfContext.WriteDevice(w, f);
        OcsfContext.WriteEvidences(w, f);
        OcsfContext.WriteResources(w, f);
        OcsfContext.WriteObservables(w, f);
        OcsfContext.WriteUnmapped(w, f);
        w.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter w, FindingEvent f)
    {
        w.WriteStartObject("metadata");
        w.WriteString("version", SchemaVersion);
        w.WriteString("uid", f.Id);
        w.WriteString("tenant_uid", f.TenantId);
        w.WriteString("correlation_uid", f.ExchangeId);
        w.WriteNumber("logged_time", ExportText.UnixMilliseconds(f.CreatedAt));
        w.WriteString("log_name", "findings");
        w.WriteStartObject("product");
        w.WriteString("name", ExportText.Product);
        w.WriteString("vendor_name", ExportText.Vendor);
        w.WriteString("version", ExportText.ProductVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteFindingInfo(Utf8JsonWriter w, FindingEvent f)
    {
        var ruleId = ExportText.Clean(f.RuleId, 1024);
        var category = ExportText.Clean(f.Category, 256);
        w.WriteStartObject("finding_info");
        w.WriteString("uid", f.Id);
        w.Text("title", f.Title);
        var location = ExportText.Clean(f.Location, 256);
        w.Text("desc", $"LlmObserve rule {ruleId ?? "(unnamed)"} ({category ?? "uncategorized"}) matched {(location is null ? "an LLM call" : $"the {location} of an LLM call")}.");
        w.WriteNumber("created_time", ExportText.UnixMilliseconds(f.CreatedAt));
        w.WriteNumber("first_seen_time", ExportText.UnixMilliseconds(f.CapturedAt));
        w.WriteNumber("last_seen_time", ExportText.UnixMilliseconds(f.CapturedAt));
        if (category is not null)
        {
            w.WriteStartArray("types");
            w.WriteStringValue(category);
            w.WriteEndArray();
        }

        if (ruleId is not null)
        {
            w.WriteStartObject("analytic");
            w.WriteString("uid", ruleId);
            w.WriteString("name", ruleId);
            w.WriteNumber("type_id", 1);
            w.WriteString("type", "Rule");
            w.Text("category", category);
            w.WriteEndObject();
        }

        w.WriteStartArray("data_sources");
        w.WriteStringValue("LlmObserve LLM traffic capture (eBPF)");
        w.WriteEndArray();
        WriteAttacks(w, f.Tags);
        WriteTags(w, f.Tags);
        w.WriteEndObject();
    }

    /// <summary>MITRE ATLAS tags as attacks (OCSF's attack object covers ATT&amp;CK and ATLAS).</summary>
    private static void WriteAttacks(Utf8JsonWriter w, IReadOnlyList<string>? tags)
    {
        var atlas = (tags ?? []).Where(t => t is not null && ExportText.AtlasId().IsMatch(t)).Distinct(StringComparer.Ordinal).ToList();
        if (atlas.Count == 0)
        {
            return;
        }

        w.WriteStartArray("attacks");
        foreach (var id in atlas)
        {
            w.WriteStartObject();
            if (id.StartsWith("AML.TA", StringComparison.Ordinal))
            {
                WriteEntity(w, "tactic", id);
            }
            else if (id.Length > "AML.T0000".Length)
            {
                WriteEntity(w, "technique", id[.."AML.T0000".Length]);
                WriteEntity(w, "sub_technique", id);
            }
            else
            {
                WriteEntity(w, "technique", id);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteEntity(Utf8JsonWriter w, string name, string id)
    {
        w.WriteStartObject(name);
        w.WriteString("uid", id);
        w.WriteString("src_url", $"https://atlas.mitre.org/{(name == "tactic" ? "tactics" : "techniques")}/{id}");
        w.WriteEndObject();
    }

    /// <summary>Every tag as a key/value pair whose key says what kind of id it is.</summary>
    private static void WriteTags(Utf8JsonWriter w, IReadOnlyList<string>? tags)
    {
        var cleaned = (tags ?? []).Select(t => ExportText.Clean(t, 256)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (cleaned.Count == 0)
        {
            return;
        }

        w.WriteStartArray("tags");
        foreach (var tag in cleaned)
        {
            w.WriteStartObject();
            w.WriteString("name", TagKind(tag));
            w.WriteString("value", tag);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static string TagKind(string tag) =>
        ExportText.OwaspLlmId().IsMatch(tag) ? "owasp_llm_top_10"
        : ExportText.AtlasId().IsMatch(tag) ? "mitre_atlas"
        : "tag";
}
