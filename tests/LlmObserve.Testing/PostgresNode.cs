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
            await RunAsync("chown", "postgres:postgres", node._dir);
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
        KillAll();
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
            KillAll(); // not running, or refusing to stop: nothing of it may outlive the test
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

    private void KillAll()
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
        SignalTree(pid, "STOP");
        postmaster.Kill(entireProcessTree: true);
        postmaster.WaitForExit();
    }

    private Task SignalAllAsync(string signal)
    {
        if (File.Exists(Path.Combine(_dir, "data", "postmaster.pid")))
        {
            SignalTree(ProcessId, signal);
        }

        return Task.CompletedTask;
    }

    private static void SignalTree(int root, string signal)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("-s");
        info.ArgumentList.Add(signal);
        foreach (var pid in ProcessTree.Of(root))
        {
            info.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        }

        using var kill = Process.Start(info)!;
        kill.StandardError.ReadToEnd(); // a process that ended meanwhile is not an error here
        kill.WaitForExit();
    }

    private static Task AsPostgresAsync(string file, params string[] args) => RunAsync("runuser", ["-u", "postgres", "--", file, .. args]);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

}
