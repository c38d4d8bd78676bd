using System.Globalization;
using System.Text;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Findings;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// A finding as one RFC 5424 syslog message:
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME llmobserve - MSGID [llmobserve@32473 …] BOM MSG</c>.
/// </summary>
/// <remarks>
/// Facility 13 (log audit): a finding is an audit record of observed traffic, not an event of the
/// host's own authentication, so it stays out of the authpriv files (auth.log) that syslog daemons
/// route facility 10 to. HOSTNAME is the node the traffic was captured on (what a SIEM keys assets
/// on), TIMESTAMP when the finding was stored, MSGID its category. The structured data uses the
/// enterprise number 32473 that RFC 5612 reserves for documentation; a registered private
/// enterprise number should replace it. MSG is the finding in the destination's export format,
/// in UTF-8 and therefore preceded by a BOM (RFC 5424 §6.4).
/// </remarks>
public static class SyslogMessage
{
    public const int Facility = 13;
    public const string AppName = "llmobserve";
    public const string StructuredDataId = "llmobserve@32473";
    public const char ByteOrderMark = '\uFEFF';

    /// <summary>The message of <paramref name="finding"/> with <paramref name="msg"/> (one event of an export format) as MSG.</summary>
    public static string Format(FindingEvent finding, string msg)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var pri = (Facility * 8) + Severity(finding.Severity);
        var builder = new StringBuilder(msg.Length + 256);
        builder.Append(CultureInfo.InvariantCulture, $"<{pri}>1 ")
            .Append(finding.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ')
            .Append(HeaderField(finding.NodeName, 255)).Append(' ')
            .Append(AppName).Append(" - ")
            .Append(HeaderField(finding.Category, 32)).Append(' ')
            .Append('[').Append(StructuredDataId);
        Param(builder, "findingId", finding.Id.ToString());
        Param(builder, "ruleId", finding.RuleId);
        Param(builder, "cluster", finding.ClusterName);
        Param(builder, "severity", finding.Severity.ToString().ToLowerInvariant());
        return builder.Append("] ").Append(ByteOrderMark).Append(msg).ToString();
    }

    /// <summary>RFC 5424 severity: critical 2, high 3 (error), medium 4 (warning), low 5 (notice), info 6.</summary>
    public static int Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => 2,
        FindingSeverity.High => 3,
        FindingSeverity.Medium => 4,
        FindingSeverity.Low => 5,
        _ => 6,
    };

    /// <summary>A header field: printable US-ASCII without spaces, at most <paramref name="max"/> long, "-" when empty (the NILVALUE).</summary>
    internal static string HeaderField(string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        var chars = value.Select(c => c is > ' ' and <= '~' ? c : '_').Take(max).ToArray();
        return new string(chars);
    }

    /// <summary>Appends <c> name="value"</c>, escaping <c>"</c>, <c>\</c> and <c>]</c> as RFC 5424 §6.3.3 requires.</summary>
    private static void Param(StringBuilder builder, string name, string value)
    {
        builder.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }
}
