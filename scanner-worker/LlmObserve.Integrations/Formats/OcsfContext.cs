using System.Collections.Frozen;
using System.Text.Json;
using LlmObserve.Data.Findings;

namespace LlmObserve.Integrations.Formats;

/// <summary>
/// Where an OCSF finding happened: the node (device), the LLM call as evidence (process,
/// container, endpoints, HTTP request, masked evidence), the Kubernetes resources, observables,
/// and what OCSF has no attribute for (unmapped).
/// </summary>
internal static class OcsfContext
{
    /// <summary>http_request.http_method is a closed enum in OCSF; other methods go to unmapped.</summary>
    private static readonly FrozenSet<string> HttpMethods =
        FrozenSet.Create(StringComparer.Ordinal, "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

    public static void WriteDevice(Utf8JsonWriter w, FindingEvent f)
    {
        w.WriteStartObject("device");
        w.WriteNumber("type_id", 1);
        w.WriteString("type", "Server");
        w.WriteString("uid", f.NodeId);
        w.Text("hostname", f.NodeName, 1024);
        w.WriteEndObject();
    }

    public static void WriteEvidences(Utf8JsonWriter w, FindingEvent f)
    {
        w.WriteStartArray("evidences");
        w.WriteStartObject();
        w.WriteStartObject("data");
        w.TextOrNull("evidence", f.Evidence);
        w.Text("location", f.Location, 256);
        w.Number("start", f.EvidenceStart);
        w.Number("length", f.EvidenceLength);
        w.WriteEndObject();
        WriteProcess(w, f);
        if (ExportText.Clean(f.ContainerId, 256) is { } containerId)
        {
            w.WriteStartObject("container");
            w.WriteString("uid", containerId);
            w.WriteEndObject();
        }

        w.WriteStartObject("src_endpoint");
        if (ExportText.Clean(f.Pod, 256) is { } pod)
        {
            w.WriteString("name", pod);
        }
        else
        {
            w.WriteString("hostname", ExportText.Clean(f.NodeName, 1024) ?? f.NodeId.ToString());
        }

        w.WriteEndObject();
        WriteDestination(w, f);
        WriteHttpRequest(w, f);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteProcess(Utf8JsonWriter w, FindingEvent f)
    {
        w.WriteStartObject("process");
        w.WriteNumber("pid", f.Pid);
        w.Text("cmd_line", f.Command);
        w.Text("name", ExportText.FileName(f.Executable));
        w.Text("path", f.Executable);
        if (ExportText.FileName(f.Executable) is { } fileName)
        {
            w.WriteStartObject("file");
            w.WriteString("name", fileName);
            w.Text("path", f.Executable);
            w.WriteNumber("type_id", 8);
            w.WriteString("type", "Executable File");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteDestination(Utf8JsonWriter w, FindingEvent f)
    {
        var ip = ExportText.IpAddress(f.RemoteAddress);
        var hostname = ExportText.HostName(f.ServerName) ?? ExportText.HostName(f.Host);
        if (ip is null && hostname is null)
        {
            return;
        }

        w.WriteStartObject("dst_endpoint");
        w.Text("ip", ip);
        w.Text("hostname", hostname);
        w.Number("port", ExportText.Port(f.RemotePort));
        w.WriteEndObject();
    }

    private static void WriteHttpRequest(Utf8JsonWriter w, FindingEvent f)
    {
        var method = f.Method?.ToUpperInvariant();
        var path = ExportText.PathOnly(f.Path);
        var knownMethod = method is not null && HttpMethods.Contains(method);
        if (!knownMethod && path is null)
        {
            return;
        }

        w.WriteStartObject("http_request");
        if (knownMethod)
        {
            w.WriteString("http_method", method);
        }

        if (path is not null)
        {
            w.WriteStartObject("url");
            w.WriteString("path", path);
            w.Text("hostname", ExportText.HostName(f.Host) ?? ExportText.HostName(f.ServerName));
            w.Number("port", ExportText.Port(f.RemotePort));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>The pod, its namespace and the cluster, as resource details.</summary>
    public static void WriteResources(Utf8JsonWriter w, FindingEvent f)
    {
        var ns = ExportText.Clean(f.Namespace, 256);
        w.WriteStartArray("resources");
        if (ExportText.Clean(f.Pod, 256) is { } pod)
        {
            w.WriteStartObject();
            w.WriteString("type", "k8s.pod");
            w.WriteString("name", pod);
            w.Text("namespace", ns);
            w.WriteEndObject();
        }

        if (ns is not null)
        {
            w.WriteStartObject();
            w.WriteString("type", "k8s.namespace");
            w.WriteString("name", ns);
            w.WriteEndObject();
        }

        w.WriteStartObject();
        w.WriteString("type", "k8s.cluster");
        w.WriteString("uid", f.ClusterId.ToString());
        w.Text("name", f.ClusterName, 256);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    public static void WriteObservables(Utf8JsonWriter w, FindingEvent f)
    {
        w.WriteStartArray("observables");
        WriteObservable(w, "device.hostname", 1, "Hostname", ExportText.Clean(f.NodeName, 1024));
        WriteObservable(w, "evidences[0].dst_endpoint.hostname", 1, "Hostname",
            ExportText.HostName(f.ServerName) ?? ExportText.HostName(f.Host));
        WriteObservable(w, "evidences[0].dst_endpoint.ip", 2, "IP Address", ExportText.IpAddress(f.RemoteAddress));
        WriteObservable(w, "evidences[0].process.name", 9, "Process Name", ExportText.FileName(f.Executable));
        w.WriteEndArray();
    }

    private static void WriteObservable(Utf8JsonWriter w, string name, int typeId, string type, string? value)
    {
        if (value is null)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteNumber("type_id", typeId);
        w.WriteString("type", type);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    /// <summary>The LLM call and ids that OCSF 1.8 has no Detection Finding attribute for.</summary>
    public static void WriteUnmapped(Utf8JsonWriter w, FindingEvent f)
    {
        w.WriteStartObject("unmapped");
        w.WriteStartObject("llmobserve");
        w.WriteString("cluster_id", f.ClusterId);
        w.WriteString("node_id", f.NodeId);
        w.WriteString("exchange_id", f.ExchangeId);
        w.WriteStartObject("llm");
        w.TextOrNull("provider", f.LlmProvider);
        w.TextOrNull("endpoint", f.LlmEndpoint);
        w.TextOrNull("model", f.LlmModel);
        w.WriteEndObject();
        if (f.Method is { } method && !HttpMethods.Contains(method.ToUpperInvariant()))
        {
            w.Text("http_method", method, 64);
        }

        w.WriteStartArray("tags");
        foreach (var tag in f.Tags ?? [])
        {
            if (ExportText.Clean(tag, 256) is { } cleaned)
            {
                w.WriteStringValue(cleaned);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
