namespace LlmObserve.Web.Views.Fleet;

/// <summary>
/// The commands that go with <see cref="Administration.Deploy.CollectorDeployment"/>'s output: the names below
/// are those of deploy/k8s/collector (namespace.yaml, and daemonset.yaml's secretKeyRef) and of the comment
/// the rendered manifest starts with; the Linux command is install-collector.sh's documented usage.
/// </summary>
internal static class CollectorCommands
{
    public const string Namespace = "llmobserve";

    public const string EnrollmentSecret = "llmobserve-collector-enrollment";

    public const string EnrollmentSecretKey = "token";

    public const string DaemonSet = "llmobserve-collector";

    public const string LinuxScriptFile = "install-collector.sh";

    public static string CreateNamespace => $"kubectl create namespace {Namespace}";

    /// <summary>The Secret the DaemonSet reads the token from. Tokens are base64url, so the word needs no quoting.</summary>
    public static string CreateSecret(string token) =>
        $"kubectl -n {Namespace} create secret generic {EnrollmentSecret} --from-literal={EnrollmentSecretKey}={token}";

    public const string Apply = "kubectl apply -f -";

    public static string RolloutStatus => $"kubectl -n {Namespace} rollout status daemonset/{DaemonSet}";

    /// <summary>Run as root on the node, next to the saved script; DIR is the published collector.</summary>
    public static string LinuxInstall(string token) =>
        $"LLMOBSERVE_ENROLLMENT_TOKEN={token} bash {LinuxScriptFile} --from DIR";
}
