namespace LlmObserve.MockProvider.Clients;

/// <summary>
/// Where the client programs are: Debian's executables (not pyenv or nvm shims, whose
/// interpreters may link OpenSSL differently), and the scripts in tests/clients of this checkout.
/// </summary>
public static class ClientPaths
{
    public const string Curl = "/usr/bin/curl";
    public const string Python = "/usr/bin/python3";
    public const string Node = "/usr/bin/node";

    /// <summary>The command that installs the Node SDKs, run from the repository root.</summary>
    public const string NpmInstallCommand = "npm ci --prefix tests/clients/node";

    private static readonly Lazy<string> ClientsDirectory = new(FindClientsDirectory);

    /// <summary>tests/clients of the checkout the tests were built from.</summary>
    public static string Directory => ClientsDirectory.Value;

    public static string PythonScript => Path.Combine(Directory, "python", "llm_client.py");

    public static string NodeDirectory => Path.Combine(Directory, "node");

    /// <summary>The executable, or a <see cref="ClientFailedException"/> naming the Debian package to install.</summary>
    public static string RequireExecutable(string path, string debianPackage) =>
        File.Exists(path) ? path : throw new ClientFailedException($"{path} is missing; install the Debian package: apt-get install -y {debianPackage}");

    /// <summary>The Node script, once the SDKs it imports are installed.</summary>
    public static string RequireNodeScript(string script)
    {
        RequireExecutable(Node, "nodejs");
        return RequireNodeScript(NodeDirectory, script);
    }

    internal static string RequireNodeScript(string nodeDirectory, string script)
    {
        if (!System.IO.Directory.Exists(Path.Combine(nodeDirectory, "node_modules", "openai"))
            || !System.IO.Directory.Exists(Path.Combine(nodeDirectory, "node_modules", "@anthropic-ai", "sdk")))
        {
            throw new ClientFailedException(
                $"The Node SDK clients are not installed ({nodeDirectory}/node_modules is missing or incomplete); run `{NpmInstallCommand}` from the repository root.");
        }

        return Path.Combine(nodeDirectory, script);
    }

    /// <summary>The file behind all symlinks, as /proc/&lt;pid&gt;/exe names it.</summary>
    public static string RealPath(string path) => File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;

    private static string FindClientsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "clients");
            if (File.Exists(Path.Combine(candidate, "python", "llm_client.py")))
            {
                return candidate;
            }
        }

        throw new ClientFailedException($"No tests/clients/python/llm_client.py above {AppContext.BaseDirectory}.");
    }
}
