using LlmObserve.Testing;

namespace LlmObserve.Collector.Tests.Capture;

/// <summary>The collector daemon as a child process with a state directory of its own.</summary>
public sealed class CollectorProcess : IAsyncDisposable
{
    private readonly CaptureFixture _fixture;
    private HostProcess _process;
    private bool _ownsStateDirectory;

    private CollectorProcess(CaptureFixture fixture, HostProcess process, string stateDirectory)
    {
        _fixture = fixture;
        _process = process;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    public string Output => _process.Output;

    public static async Task<CollectorProcess> StartAsync(CaptureFixture fixture, string? stateDirectory = null)
    {
        var owned = stateDirectory is null;
        stateDirectory ??= Directory.CreateTempSubdirectory("llmo-collector-").FullName;
        var collector = new CollectorProcess(fixture, Launch(fixture, stateDirectory), stateDirectory) { _ownsStateDirectory = owned };
        await collector.WaitUntilCapturingAsync();
        return collector;
    }

    /// <summary>Stops the daemon (SIGKILL: the kernel detaches its programs) and starts it again on the same state.</summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = Launch(_fixture, StateDirectory);
        await WaitUntilCapturingAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (_ownsStateDirectory)
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    private static HostProcess Launch(CaptureFixture fixture, string stateDirectory) =>
        HostProcess.Start(
            "llmobserve-collector",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["LLMOBSERVE_Shipping__MaxBatchDelay"] = "00:00:00.200",
                ["LLMOBSERVE_Shipping__RetryBackoffMax"] = "00:00:05",
                ["LLMOBSERVE_Shipping__HeartbeatInterval"] = "00:00:02",
                ["LLMOBSERVE_Capture__RescanInterval"] = "00:00:01",
            },
            fixture.CollectorArguments(stateDirectory));

    private async Task WaitUntilCapturingAsync() =>
        await Eventually.UntilAsync(
            () => Task.FromResult(_process.Output.Contains("Capture started", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            $"the collector to start capturing; its output:\n{_process.Output}");
}
