using LlmObserve.IngestApi.Cli;

namespace LlmObserve.Testing;

/// <summary>
/// Where the test infrastructure is, and what to do when it is missing: skip locally, fail when
/// <c>CI</c> is set, so CI can never pass by skipping.
/// </summary>
/// <remarks>
/// Settings come from environment variables, else from <c>.llmobserve/test.env</c> that
/// deploy/local/test.sh and up.sh write:
/// <c>LLMOBSERVE_TEST_POSTGRES</c> (an Npgsql connection string of a role that may create databases),
/// <c>LLMOBSERVE_TEST_RABBITMQ</c> (amqp://user:password@host:port, no vhost) and
/// <c>LLMOBSERVE_TEST_RABBITMQ_MANAGEMENT</c> (http://user:password@host:port of the management API).
/// </remarks>
public static class TestEnvironment
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly Lazy<IReadOnlyDictionary<string, string>> TestEnv = new(() => EnvFile.Read(Path.Combine(RepositoryRoot, ".llmobserve", "test.env")));

    public static bool IsCi =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    public static string RepositoryRoot => Root.Value;

    public static string? Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : TestEnv.Value.GetValueOrDefault(name);

    /// <summary>The named setting, or an <see cref="InfrastructureUnavailableException"/> that says how to get it.</summary>
    public static string Require(string name) =>
        Get(name) ?? throw new InfrastructureUnavailableException(
            $"{name} is not set; run the tests with deploy/local/test.sh, or after deploy/local/up.sh.");

    /// <summary>Skips the current test, or fails it under CI.</summary>
    public static void Unavailable(string reason)
    {
        if (IsCi)
        {
            throw new InvalidOperationException($"Test infrastructure is required when CI is set, and it is unavailable: {reason}");
        }

        Assert.Skip($"Test infrastructure unavailable: {reason}");
    }

    /// <summary>Runs <paramref name="create"/>, turning unavailable infrastructure into a skip (or a CI failure).</summary>
    public static async Task<T> RequireAsync<T>(Func<Task<T>> create)
    {
        try
        {
            return await create();
        }
        catch (InfrastructureUnavailableException e)
        {
            Unavailable(e.Message);
            throw; // not reached: Unavailable always throws
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmObserve.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No LlmObserve.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A server the test needs is not configured or does not answer.</summary>
public sealed class InfrastructureUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
