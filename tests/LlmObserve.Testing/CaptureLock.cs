namespace LlmObserve.Testing;

/// <summary>
/// One eBPF capture run at a time on this machine. A collector captures every process's TLS traffic, so
/// two runs at once (the capture tests and the fault-injection suite, run in parallel by <c>dotnet test</c>)
/// would capture each other's clients and share two cores, and burst or overhead figures would measure
/// both. Each run holds this lock (an exclusive file lock, released by the kernel when the process dies).
/// </summary>
public sealed class CaptureLock : IDisposable
{
    // One path for every process whatever its TMPDIR: /run/lock where the system has it.
    private static readonly string LockPath = Path.Combine(Directory.Exists("/run/lock") ? "/run/lock" : Path.GetTempPath(), "llmobserve-capture.lock");
    private readonly FileStream _file;

    private CaptureLock(FileStream file) => _file = file;

    /// <summary>Waits until no other capture run holds the lock (at most <paramref name="timeout"/>), then holds it.</summary>
    public static async Task<CaptureLock> AcquireAsync(TimeSpan timeout, TextWriter? log = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var said = false;
        while (true)
        {
            try
            {
                return new CaptureLock(new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!said)
                {
                    log?.WriteLine($"waiting for another eBPF capture run on this machine to finish ({LockPath}) …");
                    said = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
