using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// Runs Debian's <c>docker-compose</c> (1.29) on the repository's docker-compose.yml. Only commands that
/// need no Docker daemon are used (<c>config</c>). The environment is the test's own less every
/// <c>LLMOBSERVE_*</c> and <c>COMPOSE_*</c> variable, and an empty env file replaces <c>.env</c>, so a test sees
/// exactly the variables it passes.
/// </summary>
internal static class DockerCompose
{
    /// <summary>The secrets the file requires (<c>${VAR:?…}</c>), as dummy values.</summary>
    public static IReadOnlyDictionary<string, string> RequiredVariables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LLMOBSERVE_PG_PASSWORD"] = "test-postgres-password",
        ["LLMOBSERVE_RABBITMQ_PASSWORD"] = "test-rabbitmq-password",
    };

    public static string ComposeFile => Path.Combine(TestEnvironment.RepositoryRoot, "docker-compose.yml");

    /// <summary>The docker-compose executable; skips the test (fails it under CI) when there is none.</summary>
    public static string RequireTool()
    {
        var tool = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "docker-compose"))
            .FirstOrDefault(File.Exists);
        if (tool is null)
        {
            TestEnvironment.Unavailable("docker-compose is not installed (Debian: apt-get install docker-compose)");
        }

        return tool!;
    }

    /// <summary><c>docker-compose [global options] -f docker-compose.yml config</c> with these variables.</summary>
    public static async Task<ToolResult> ConfigAsync(IReadOnlyDictionary<string, string> variables, params IEnumerable<string> globalOptions)
    {
        // An empty env file in place of the repository's .env (docker-compose refuses /dev/null).
        var envFile = Path.GetTempFileName();
        try
        {
            return await RunAsync(variables, [.. globalOptions, "--env-file", envFile, "-f", ComposeFile, "config"]);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private static async Task<ToolResult> RunAsync(IReadOnlyDictionary<string, string> variables, IEnumerable<string> args)
    {
        var info = ToolProcess.StartInfo(RequireTool(), args);
        foreach (var name in info.Environment.Keys.Where(IsOurs).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        return await ToolProcess.RunAsync(info, TimeSpan.FromMinutes(1));
    }

    private static bool IsOurs(string name) =>
        name.StartsWith("LLMOBSERVE_", StringComparison.Ordinal) || name.StartsWith("COMPOSE_", StringComparison.Ordinal);
}
