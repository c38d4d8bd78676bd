using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Findings;

namespace LlmObserve.Integrations.Formats;

/// <summary>
/// A finding as one event of Falco's JSON output, the payload Falcosidekick accepts
/// (falcosidekick types/types.go, <c>FalcoPayload</c>): uuid, output, priority, rule, time,
/// output_fields, source, tags, hostname. Output fields use Falco's names where Falco has the
/// field (k8s.*, proc.*, container.id, fd.*); ours are under <c>llm.*</c> and <c>llmobserve.*</c>.
/// </summary>
public sealed class FalcoFormatter : IFindingFormatter
{
    /// <summary>The event source, as Falco's "syscall" or "k8s_audit".</summary>
    public const string Source = "llmobserve";

    public string Name => ExportFormats.Falco;

    public string ContentType => "application/json";

    public string Write(FindingEvent finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return JsonOutput.Write(finding, WriteEvent);
    }

    /// <summary>The Falco priority of a severity (Falco's rules use Warning and above for real threats).</summary>
    internal static string Priority(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Info => "Informational",
        FindingSeverity.Low => "Notice",
        FindingSeverity.Medium => "Warning",
        FindingSeverity.High => "Error",
        FindingSeverity.Critical => "Critical",
        _ => "Debug",
    };

    /// <summary>RFC 3339 in UTC with nine fraction digits, as Falco writes it (.NET keeps 100 ns ticks).</summary>
    internal static string Rfc3339Nano(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    private static void WriteEvent(Utf8JsonWriter w, FindingEvent f)
    {
        var priority = Priority(f.Severity);
        w.WriteStartObject();
        w.WriteString("uuid", f.Id);
        w.WriteString("output", Output(f, priority));
        w.WriteString("priority", priority);
        w.WriteString("rule", ExportText.Clean(f.RuleId, 1024) ?? "unknown");
        w.WriteString("time", Rfc3339Nano(f.CapturedAt));
        w.WriteStartObject("output_fields");
        WriteOutputFields(w, f);
        w.WriteEndObject();
        w.WriteString("source", Source);
        var tags = (f.Tags ?? []).Select(t => ExportText.Clean(t, 256)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            w.WriteStartArray("tags");
            tags.ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }

        w.Text("hostname", f.NodeName, 1024);
        w.WriteEndObject();
    }

    /// <summary>
    /// A flat map with dotted keys. Falco writes null for a field it has no value for, and so do we;
    /// Falcosidekick reads k8s.ns.name and k8s.pod.name as strings (or null).
    /// </summary>
    private static void WriteOutputFields(Utf8JsonWriter w, FindingEvent f)
    {
        var ticks = f.CapturedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks is >= 0 and <= long.MaxValue / 100)
        {
            w.WriteNumber("evt.time", ticks * 100);
        }
        else
        {
            w.WriteNull("evt.time");
        }

        w.TextOrNull("k8s.ns.name", f.Namespace);
        w.TextOrNull("k8s.pod.name", f.Pod);
        w.TextOrNull("container.id", f.ContainerId);
        w.WriteNumber("proc.pid", f.Pid);
        w.TextOrNull("proc.name", ExportText.FileName(f.Executable));
        w.TextOrNull("proc.exepath", f.Executable);
        w.TextOrNull("proc.cmdline", f.Command);
        w.TextOrNull("fd.sip", ExportText.IpAddress(f.RemoteAddress));
        if (ExportText.Port(f.RemotePort) is { } port)
        {
            w.WriteNumber("fd.sport", port);
        }
        else
        {
            w.WriteNull("fd.sport");
        }

        w.TextOrNull("fd.sip.name", ExportText.HostName(f.ServerName) ?? ExportText.HostName(f.Host));
        w.TextOrNull("llm.provider", f.LlmProvider);
        w.TextOrNull("llm.endpoint", f.LlmEndpoint);
        w.TextOrNull("llm.model", f.LlmModel);
        w.TextOrNull("llm.request.method", f.Method);
        w.TextOrNull("llm.request.host", ExportText.HostName(f.Host));
        w.TextOrNull("llm.request.path", ExportText.PathOnly(f.Path));
        w.WriteString("llmobserve.finding.id", f.Id);
        w.TextOrNull("llmobserve.rule.id", f.RuleId);
        w.TextOrNull("llmobserve.category", f.Category);
        w.WriteString("llmobserve.severity", SeverityName(f.Severity));
        w.TextOrNull("llmobserve.evidence", f.Evidence);
        w.TextOrNull("llmobserve.location", f.Location);
        if (ExportText.ConfidencePercent(f.Confidence) is { } percent)
        {
            w.WriteNumber("llmobserve.confidence", percent / 100.0);
        }
        else
        {
            w.WriteNull("llmobserve.confidence");
        }

        w.WriteString("llmobserve.tenant.id", f.TenantId);
        w.WriteString("llmobserve.cluster.id", f.ClusterId);
        w.TextOrNull("llmobserve.cluster.name", f.ClusterName);
        w.WriteString("llmobserve.node.id", f.NodeId);
        w.TextOrNull("llmobserve.node.name", f.NodeName);
        w.WriteString("llmobserve.exchange.id", f.ExchangeId);
    }

    /// <summary>One human line like Falco's: "15:04:05.000000000: Priority text (field=value …)".</summary>
    private static string Output(FindingEvent f, string priority)
    {
        var line = new StringBuilder(256)
            .Append(f.CapturedAt.UtcDateTime.ToString("HH:mm:ss.fffffff'00'", CultureInfo.InvariantCulture))
            .Append(": ").Append(priority).Append(' ')
            .Append(ExportText.Clean(f.Title, 1024) ?? ExportText.Clean(f.RuleId, 256) ?? "LlmObserve finding")
            .Append(" (rule=").Append(ExportText.Clean(f.RuleId, 256) ?? "<NA>");
        Field(line, "k8s.ns", f.Namespace);
        Field(line, "k8s.pod", f.Pod);
        Field(line, "container.id", f.ContainerId);
        line.Append(" proc.pid=").Append(f.Pid.ToString(CultureInfo.InvariantCulture));
        Field(line, "proc.exepath", f.Executable);
        Field(line, "llm.provider", f.LlmProvider);
        Field(line, "llm.model", f.LlmModel);
        Field(line, "cluster", f.ClusterName);
        return ExportText.OneLine(line.Append(')').ToString());
    }

    private static void Field(StringBuilder line, string name, string? value) =>
        line.Append(' ').Append(name).Append('=').Append(ExportText.Clean(value, 256) ?? "<NA>");

    private static string SeverityName(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Info => "info",
        FindingSeverity.Low => "low",
        FindingSeverity.Medium => "medium",
        FindingSeverity.High => "high",
        FindingSeverity.Critical => "critical",
        _ => "unknown",
    };
}
