using System.Diagnostics;
using System.Net.Sockets;
using RabbitMQ.Client;

namespace LlmObserve.Testing;

/// <summary>
/// A RabbitMQ node of a test's own (own ports, data directory and Erlang cookie), for tests that
/// stop and restart the broker without disturbing anything else on the machine.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"llmo-rabbit-{Guid.NewGuid():N}");
    private readonly string _nodeName = $"llmo-test-{Guid.NewGuid():N}@localhost";
    private readonly int _port = ProcessTree.FreePort();
    private readonly int _distPort = ProcessTree.FreePort();
    private Process? _server;

    private RabbitMqNode()
    {
    }

    /// <summary>The default virtual host, as guest (allowed from loopback).</summary>
    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{_port}/");

    public static async Task<RabbitMqNode> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
        {
            throw new InfrastructureUnavailableException("rabbitmq-server is not installed (Debian package rabbitmq-server).");
        }

        var node = new RabbitMqNode();
        Directory.CreateDirectory(node._dir);
        await File.WriteAllTextAsync(Path.Combine(node._dir, "enabled_plugins"), "[].");
        await File.WriteAllTextAsync(Path.Combine(node._dir, "rabbitmq.conf"), "max_message_size = 67108864\n" +
            // Quorum queues keep their write-ahead log in memory until it reaches this size (default
            // 512 MiB): smaller, so a 30-minute soak sees the log's saw-tooth many times over, not one ramp.
            "raft.wal_max_size_bytes = 67108864\n");
        await node.StartServerAsync();
        return node;
    }

    /// <summary>Stops the node (as an operator would) and starts it again on the same data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartServerAsync();
    }

    /// <summary>SIGKILL of the node's processes (no clean shutdown), then a start on the same data.</summary>
    public async Task KillAndRestartAsync()
    {
        if (_server is not null)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
            _server.Dispose();
            _server = null;
        }

        await StartServerAsync();
    }

    /// <summary>Messages in every queue of the node, ready or delivered and not yet acknowledged.</summary>
    public async Task<long> QueuedMessagesAsync()
    {
        var output = await Command.RunAsync(Info(Path.Combine(Bin, "rabbitmqctl"), "-n", _nodeName, "list_queues", "--quiet", "--no-table-headers", "messages_ready", "messages_unacknowledged"));
        return output.Split((char[])['\t', '\n', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Sum(n => long.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The Erlang VM's process id (for sampling its memory and CPU), once started.</summary>
    public int? ProcessId => _server?.Id;

    public async Task StopAsync()
    {
        using (var stop = Process.Start(Info(Path.Combine(Bin, "rabbitmqctl"), "-n", _nodeName, "stop"))!)
        {
            Discard(stop);
            await stop.WaitForExitAsync();
        }

        if (_server is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _server.WaitForExitAsync(timeout.Token);
            _server.Dispose();
            _server = null;
        }
    }

    private async Task StartServerAsync()
    {
        _server = Process.Start(Info(Path.Combine(Bin, "rabbitmq-server")))!;
        Discard(_server); // the node logs to files under its own directory
        var factory = new ConnectionFactory { Uri = AmqpUri };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync();
                return;
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or SocketException)
            {
                if (DateTime.UtcNow > deadline || _server.HasExited)
                {
                    throw new InfrastructureUnavailableException($"RabbitMQ node {_nodeName} did not start; see {_dir}/log", e);
                }

                await Task.Delay(250);
            }
        }
    }

    private ProcessStartInfo Info(string file, params string[] args)
    {
        // stdin: a pipe of its own, not the test runner's (xunit v3 talks to its test process through it)
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = _dir;
        info.Environment["RABBITMQ_NODENAME"] = _nodeName;
        info.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        info.Environment["RABBITMQ_NODE_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_dir, "mnesia");
        info.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_dir, "log");
        info.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_dir, "enabled_plugins");
        info.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_dir, "rabbitmq.conf");
        return info;
    }

    private static void Discard(Process process)
    {
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }


    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_server is { HasExited: false })
            {
                _server.Kill(entireProcessTree: true);
            }

            Directory.Delete(_dir, recursive: true);
        }
    }
}
