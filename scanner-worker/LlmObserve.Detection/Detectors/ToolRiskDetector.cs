using LlmObserve.Detection.Conversations;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>Kinds of <see cref="ToolRiskDetector"/> signals: what a tool call can do.</summary>
public static class ToolRiskKinds
{
    public const string Shell = "shell";
    public const string File = "file";
    public const string Network = "network";
}

/// <summary>
/// Tool calls a model made that act on the machine: shell commands, file access, network requests. A call
/// whose tool name says what it does is a weak signal (0.5: agents do this all day); arguments with a known
/// dangerous pattern — <c>rm -rf</c>, a pipe into a shell, credential files, the cloud metadata address, paste
/// and tunnel sites — make it a strong one (0.9), whatever the tool is called. Evidence points into
/// <see cref="TextFields.ToolCalls"/>, where each call is one line <c>name(arguments)</c>.
/// </summary>
public sealed class ToolRiskDetector : IDetector
{
    private static readonly (string Kind, string[] Words)[] ToolNames =
    [
        (ToolRiskKinds.Shell, ["shell", "bash", "exec", "terminal", "command", "powershell", "subprocess", "run_code", "python"]),
        (ToolRiskKinds.File, ["write_file", "delete_file", "remove_file", "file_write", "edit_file", "filesystem", "fs_write", "move_file", "read_file"]),
        (ToolRiskKinds.Network, ["http", "fetch", "request", "curl", "browse", "download", "upload", "webhook", "send_email"]),
    ];

    private static readonly (string Kind, string[] Patterns)[] DangerousArguments =
    [
        (ToolRiskKinds.Shell, ["rm -rf", "rm -fr", "mkfs", "dd if=", "| sh", "|sh", "| bash", "|bash", "chmod 777", "chmod +s", "sudo ", "nc -e", "/dev/tcp/", "base64 -d", "crontab", ":(){", "shutdown", "kill -9 1", "iptables -F"]),
        (ToolRiskKinds.File, ["/etc/passwd", "/etc/shadow", "/etc/sudoers", ".ssh/", "id_rsa", "id_ed25519", ".aws/credentials", ".kube/config", "kubeconfig", "/var/run/secrets", ".env", ".git-credentials", ".npmrc", ".pypirc"]),
        (ToolRiskKinds.Network, ["169.254.169.254", "metadata.google.internal", "pastebin.com", "ngrok", "webhook.site", "requestbin", "transfer.sh", "interact.sh", "burpcollaborator"]),
    ];

    public string Name => DetectorNames.ToolRisk;

    public void Detect(ScanSubject subject, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var (call, offset) in TextFields.ToolCallLines(subject.Conversation))
        {
            DetectCall(call, offset, signals);
        }
    }

    private void DetectCall(ToolCall call, int offset, ICollection<Signal> signals)
    {
        var argumentsAt = offset + call.Name.Length + 1;
        var found = false;
        foreach (var (kind, patterns) in DangerousArguments)
        {
            foreach (var pattern in patterns)
            {
                var at = call.ArgumentsJson.IndexOf(pattern, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    signals.Add(new Signal(Name, kind, 0.9, TextFields.ToolCalls, argumentsAt + at, pattern.Length,
                        $"{call.Name}: {Excerpt(call.ArgumentsJson, at, pattern.Length)}"));
                    found = true;
                    break;
                }
            }
        }

        if (found)
        {
            return;
        }

        foreach (var (kind, words) in ToolNames)
        {
            if (words.Any(w => call.Name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                signals.Add(new Signal(Name, kind, 0.5, TextFields.ToolCalls, offset, call.Name.Length,
                    $"{call.Name}({Excerpt(call.ArgumentsJson, 0, 0)})"));
                return;
            }
        }
    }

    private static string Excerpt(string arguments, int at, int length)
    {
        var from = Math.Max(0, at - 40);
        var to = Math.Min(arguments.Length, at + length + 80);
        return string.Concat(from > 0 ? "…" : "", arguments.AsSpan(from, to - from), to < arguments.Length ? "…" : "");
    }
}
