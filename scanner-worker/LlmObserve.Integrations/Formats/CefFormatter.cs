using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Findings;

namespace LlmObserve.Integrations.Formats;

/// <summary>
/// A finding as one line of ArcSight Common Event Format (Micro Focus "Implementing ArcSight CEF",
/// version 25): <c>CEF:0|LlmObserve|LlmObserve|version|rule id|title|severity|extensions</c>.
/// Header fields escape <c>\</c> and <c>|</c>; extension values escape <c>\</c>, <c>=</c> and line
/// breaks (<c>\n</c>, <c>\r</c>). Other control characters become spaces, since a CEF event is one
/// line and some parsers take a tab for a separator.
/// </summary>
public sealed class CefFormatter : IFindingFormatter
{
    // Field lengths from the CEF specification: device version 31, event class id 1023, name 512,
    // and 1023 for msg, request and most string extensions.
    private const int MaxVersion = 31;
    private const int MaxSignature = 1023;
    private const int MaxName = 512;
    private const int MaxValue = 1023;

    /// <summary>The product version without SemVer build metadata, which would not fit CEF's 31 characters.</summary>
    internal static string DeviceVersion { get; } =
        ExportText.Clean(ExportText.ProductVersion.Split('+')[0], MaxVersion) ?? "0";

    public string Name => ExportFormats.Cef;

    public string ContentType => "text/plain";

    public string Write(FindingEvent finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var line = new StringBuilder(512).Append("CEF:0");
        Header(line, ExportText.Vendor, MaxName);
        Header(line, ExportText.Product, MaxName);
        Header(line, DeviceVersion, MaxVersion);
        Header(line, finding.RuleId, MaxSignature);
        Header(line, finding.Title, MaxName);
        line.Append('|').Append(Severity(finding.Severity).ToString(CultureInfo.InvariantCulture)).Append('|');
        Extensions(new ExtensionWriter(line), finding);
        return line.ToString();
    }

    /// <summary>CEF severity 0–10 (0–3 Low, 4–6 Medium, 7–8 High, 9–10 Very-High).</summary>
    internal static int Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Info => 1,
        FindingSeverity.Low => 3,
        FindingSeverity.Medium => 5,
        FindingSeverity.High => 8,
        FindingSeverity.Critical => 10,
        _ => 0,
    };

    /// <summary>A header field: <c>\</c> as <c>\\</c>, <c>|</c> as <c>\|</c>, control characters as spaces.</summary>
    internal static string EscapeHeader(string? value, int maxLength = MaxName)
    {
        var text = ExportText.Clean(value, maxLength);
        return text is null ? string.Empty : ExportText.OneLine(text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal));
    }

    /// <summary>An extension value: <c>\</c>, <c>=</c>, CR and LF escaped; other control characters as spaces.</summary>
    internal static string EscapeValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '=' => escaped.Append(@"\="),
                '\n' => escaped.Append(@"\n"),
                '\r' => escaped.Append(@"\r"),
                _ when char.IsControl(c) => escaped.Append(' '),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    private static void Header(StringBuilder line, string? value, int maxLength) =>
        line.Append('|').Append(EscapeHeader(value, maxLength));

    private static void Extensions(ExtensionWriter x, FindingEvent f)
    {
        x.Add("rt", ExportText.Invariant(ExportText.UnixMilliseconds(f.CreatedAt)));
        x.Add("start", ExportText.Invariant(ExportText.UnixMilliseconds(f.CapturedAt)));
        x.Add("externalId", f.Id.ToString());
        x.Add("cat", f.Category);
        x.Add("dvchost", f.NodeName);
        x.Add("spid", f.Pid.ToString(CultureInfo.InvariantCulture));
        x.Add("sproc", ExportText.FileName(f.Executable));
        var host = ExportText.HostName(f.ServerName) ?? ExportText.HostName(f.Host);
        x.Add("dhost", host);
        if (IPAddress.TryParse(f.RemoteAddress, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
        {
            x.Add("dst", ip.ToString());
        }
        else if (ip is not null)
        {
            // dst holds IPv4 only; CEF's custom IPv6 address 3 is the destination by convention.
            x.Custom("c6a3", "Destination IPv6 Address", ip.ToString());
        }

        x.Add("dpt", ExportText.Port(f.RemotePort)?.ToString(CultureInfo.InvariantCulture));
        x.Add("requestMethod", f.Method);
        x.Add("request", RequestUrl(f, host));
        x.Add("msg", f.Evidence);
        x.Custom("cs1", "ruleId", f.RuleId);
        x.Custom("cs2", "cluster", f.ClusterName);
        x.Custom("cs3", "namespace", f.Namespace);
        x.Custom("cs4", "pod", f.Pod);
        x.Custom("cs5", "llmProvider", f.LlmProvider);
        x.Custom("cs6", "llmModel", f.LlmModel);
        x.Custom("cn1", "confidencePercent", ExportText.ConfidencePercent(f.Confidence)?.ToString(CultureInfo.InvariantCulture));
        x.Custom("flexString1", "containerId", f.ContainerId);
        x.Custom("flexString2", "commandLine", f.Command);
    }

    /// <summary>
    /// The URL of the LLM call without its query string. The scheme is inferred: a TLS server name
    /// (SNI) or port 443 means https.
    /// </summary>
    private static string? RequestUrl(FindingEvent f, string? host)
    {
        var path = ExportText.PathOnly(f.Path);
        if (host is null || path is null)
        {
            return null;
        }

        var https = f.ServerName is { Length: > 0 } || f.RemotePort == 443;
        var port = ExportText.Port(f.RemotePort);
        var portText = port is null || port == (https ? 443 : 80) ? string.Empty : $":{port.Value.ToString(CultureInfo.InvariantCulture)}";
        var hostText = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return $"{(https ? "https" : "http")}://{hostText}{portText}{(path.StartsWith('/') ? path : "/" + path)}";
    }

    /// <summary>Appends <c>key=value</c> pairs separated by spaces, skipping empty values.</summary>
    private readonly struct ExtensionWriter(StringBuilder line)
    {
        public void Add(string key, string? value)
        {
            if (ExportText.Clean(value, MaxValue) is not { } text)
            {
                return;
            }

            if (line[^1] != '|')
            {
                line.Append(' ');
            }

            line.Append(key).Append('=').Append(EscapeValue(text));
        }

        /// <summary>A custom field with its label (cs1=… cs1Label=…), both only when there is a value.</summary>
        public void Custom(string key, string label, string? value)
        {
            if (ExportText.Clean(value, MaxValue) is null)
            {
                return;
            }

            Add(key, value);
            Add(key + "Label", label);
        }
    }
}
