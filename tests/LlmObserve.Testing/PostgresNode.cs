using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LlmObserve.Testing;

/// <summary>
/// A PostgreSQL server of a test's own (own data directory and port, run as the <c>postgres</c> user),
/// for tests that kill, pause and restart the database without disturbing anything else on the machine.
/// Only for root on Debian's <c>postgresql</c> package (initdb refuses to run as root).
/// </summary>
public sealed class PostgresNode : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"llmo-pg-{Guid.NewGuid():N}");
    private readonly int _port = ProcessTree.FreePort();

    private PostgresNode()
    {
    }

    /// <summary>The superuser over TCP on loopback (trust authentication: the node is private to the test).</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5");

    /// <summary>The postmaster's process id (its backends are its children).</summary>
    public int ProcessId => int.Parse(File.ReadLines(Path.Combine(_dir, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public static async Task<PostgresNode> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")) || !Environment.IsPrivilegedProcess)
        {
            throw new InfrastructureUnavailableException("a private PostgreSQL server needs root and Debian's postgresql 15 package.");
        }

        var node = new PostgresNode();
        try
        {
            Directory.CreateDirectory(node._dir);
            await Command.RunAsync("chown", "postgres:postgres", node._dir);
            await AsPostgresAsync(Path.Combine(Bin, "initdb"), "-D", Path.Combine(node._dir, "data"), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            await node.StartServerAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL of the postmaster and every backend (a crash), then a start on the same data (crash recovery).</summary>
    public async Task KillAndRestartAsync()
    {
        await KillAllAsync();
        await StartServerAsync();
    }

    /// <summary>SIGSTOP of every server process: connections stay open and nothing answers.</summary>
    public Task PauseAsync() => SignalAllAsync("STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAllAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ResumeAsync();
            await AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            await KillAllAsync(); // not running, or refusing to stop: nothing of it may outlive the test
        }
        finally
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }
        }
    }

    private async Task StartServerAsync()
    {
        await AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "postgres.log"), "-w", "-t", "120",
            "-o", string.Create(CultureInfo.InvariantCulture, $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_dir} -c max_connections=200"), "start");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
    }

    private async Task KillAllAsync()
    {
        if (!File.Exists(Path.Combine(_dir, "data", "postmaster.pid")))
        {
            return;
        }

        // Stopped first, so no backend is forked while the tree is walked. The pid file stays: the next start
        // finds its process gone, and refuses to start while any old backend still holds the shared memory.
        var pid = ProcessId;
        if (!File.Exists($"/proc/{pid}/cmdline") || !File.ReadAllText($"/proc/{pid}/cmdline").Contains(_dir, StringComparison.Ordinal))
        {
            return; // not our postmaster any more (a stale pid file): nothing to kill
        }

        using var postmaster = Process.GetProcessById(pid);
        await SignalTreeAsync(pid, "STOP");
        postmaster.Kill(entireProcessTree: true);
        await postmaster.WaitForExitAsync();
    }

    private Task SignalAllAsync(string signal) =>
        File.Exists(Path.Combine(_dir, "data", "postmaster.pid")) ? SignalTreeAsync(ProcessId, signal) : Task.CompletedTask;

    private static async Task SignalTreeAsync(int root, string signal)
    {
        try
        {
            await Command.RunAsync("kill", ["-s", signal, .. ProcessTree.Of(root).Select(pid => pid.ToString(CultureInfo.InvariantCulture))]);
        }
        catch (InvalidOperationException)
        {
            // a process that ended meanwhile is not an error here
        }
    }

    private static Task<string> AsPostgresAsync(string file, params string[] args) => Command.RunAsync("runuser", ["-u", "postgres", "--", file, .. args]);
}
