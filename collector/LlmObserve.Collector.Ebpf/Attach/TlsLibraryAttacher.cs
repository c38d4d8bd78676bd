using LlmObserve.Collector.Ebpf.Native;

namespace LlmObserve.Collector.Ebpf.Attach;

/// <summary>How one file is covered, in words a heartbeat and <c>doctor</c> can show.</summary>
public sealed record TlsTarget(string Path, FileIdentity File, string Status, int Processes);

/// <summary>
/// Attaches the SSL_read/SSL_write uprobes once per distinct file (device + inode) that processes
/// use — libssl.so* or an executable with OpenSSL linked in (Node.js) — and detaches when the last
/// process using it has exited. A uprobe on a file fires for every process mapping it, so a process
/// that loads the host's libssl later (dlopen, as .NET does) is covered from the start.
/// Where the code allows, the probes sit on the internal functions the public ones call, whose hits
/// are far cheaper (<see cref="OpenSslProbeSites"/>); otherwise on SSL_write, SSL_write_ex, SSL_read and SSL_read_ex.
/// Files without the symbols are remembered and not probed again. Single-threaded: the capture
/// service's thread calls it.
/// </summary>
public sealed class TlsLibraryAttacher(CaptureProbes probes) : IDisposable
{
    private static readonly (string Function, string Entry, string? Exit)[] Functions =
    [
        ("SSL_write", "ssl_write_enter", "ssl_write_exit"),
        ("SSL_write_ex", "ssl_write_ex_enter", "ssl_write_ex_exit"),
        ("SSL_read", "ssl_read_enter", "ssl_read_exit"),
        ("SSL_read_ex", "ssl_read_ex_enter", "ssl_read_ex_exit"),
        ("SSL_free", "ssl_free_enter", null), // ends the connection's state; not counted as coverage
    ];

    private readonly Dictionary<FileIdentity, Attached> _attached = [];
    private readonly HashSet<FileIdentity> _withoutSymbols = [];
    private readonly Dictionary<int, HashSet<FileIdentity>> _byProcess = [];

    /// <summary>Files currently probed, and why others are not.</summary>
    public IReadOnlyList<TlsTarget> Targets =>
        [.. _attached.Values.Select(a => new TlsTarget(a.Path, a.File, a.Status, a.Pids.Count))];

    public int WithoutSymbols => _withoutSymbols.Count;

    /// <summary>
    /// Covers <paramref name="pid"/>: attaches to its executable and libssl copies (through its
    /// root) that are not probed yet. Returns true when at least one of its files is probed.
    /// </summary>
    public bool AttachProcess(int pid)
    {
        var covered = false;
        foreach (var path in ProcessMaps.TlsCandidates(pid))
        {
            covered |= AttachFile(path, pid);
        }

        return covered;
    }

    /// <summary>Probes the libssl copies of a root directory (the host's "/" at start) for the collector's life.</summary>
    public void AttachLibrariesIn(string root)
    {
        foreach (var library in ProcessMaps.LibsslInRoot(root))
        {
            AttachFile(library);
        }
    }

    /// <summary>Attaches to a file by path (host libraries at start); <paramref name="pid"/> 0 keeps it for the collector's life.</summary>
    public bool AttachFile(string path, int pid = 0)
    {
        if (FileIdentity.Of(path) is not { } file || _withoutSymbols.Contains(file))
        {
            return false;
        }

        if (!_attached.TryGetValue(file, out var attached))
        {
            var links = TryAttach(path, out var functions);
            if (links.Count == 0)
            {
                _withoutSymbols.Add(file);
                return false;
            }

            attached = new Attached(path, file, links, $"attached ({string.Join(", ", functions)})");
            _attached[file] = attached;
        }

        attached.Pids.Add(pid);
        attached.IdleSince = DateTimeOffset.MaxValue;
        if (pid != 0)
        {
            if (!_byProcess.TryGetValue(pid, out var files))
            {
                _byProcess[pid] = files = [];
            }

            files.Add(file);
        }

        return true;
    }

    /// <summary>
    /// A process exited. Files no process uses any more are detached by <see cref="DetachIdle"/> once
    /// they have been unused for a while: a binary run again and again (a CLI, a cron job) stays
    /// covered instead of racing its next run's first TLS call.
    /// </summary>
    public void ProcessExited(int pid, DateTimeOffset at)
    {
        if (!_byProcess.Remove(pid, out var files))
        {
            return;
        }

        foreach (var file in files)
        {
            if (_attached.TryGetValue(file, out var attached) && attached.Pids.Remove(pid) && attached.Pids.Count == 0)
            {
                attached.IdleSince = at;
            }
        }
    }

    /// <summary>Detaches files no process has used since before <paramref name="cutoff"/>.</summary>
    public void DetachIdle(DateTimeOffset cutoff)
    {
        foreach (var (file, attached) in _attached.Where(a => a.Value.Pids.Count == 0 && a.Value.IdleSince < cutoff).ToList())
        {
            attached.Dispose();
            _attached.Remove(file);
        }
    }

    public void Dispose()
    {
        foreach (var attached in _attached.Values)
        {
            attached.Dispose();
        }

        _attached.Clear();
    }

    private List<BpfLinkHandle> TryAttach(string path, out List<string> functions)
    {
        using var quiet = LibbpfLog.Quiet();
        if (OpenSslProbeSites.Find(path) is { } sites)
        {
            var links = new List<BpfLinkHandle>();
            try
            {
                AttachPair(links, path, sites.Write, "ssl_write_ex_enter", "ssl_write_ex_exit");
                AttachPair(links, path, sites.Read, "ssl_read_ex_enter", "ssl_read_ex_exit");
                links.Add(probes.Object.Program("ssl_free_enter").AttachUprobe(path, "SSL_free", returnProbe: false));
                functions = [$"SSL_write and SSL_write_ex at 0x{sites.Write:x}", $"SSL_read and SSL_read_ex at 0x{sites.Read:x}"];
                return links;
            }
            catch (LibbpfException)
            {
                links.ForEach(link => link.Dispose()); // fall back to the public functions
            }
        }

        return TryAttachByName(path, out functions);
    }

    /// <summary>A uprobe and a uretprobe at one function's file offset.</summary>
    private void AttachPair(List<BpfLinkHandle> links, string path, long offset, string entry, string exit)
    {
        links.Add(probes.Object.Program(exit).AttachUprobe(path, offset, returnProbe: true));
        links.Add(probes.Object.Program(entry).AttachUprobe(path, offset, returnProbe: false));
    }

    /// <summary>The public functions by symbol, each one the file has.</summary>
    private List<BpfLinkHandle> TryAttachByName(string path, out List<string> functions)
    {
        var links = new List<BpfLinkHandle>();
        functions = [];
        foreach (var (function, entry, exit) in Functions)
        {
            try
            {
                if (exit is null)
                {
                    if (functions.Count > 0)
                    {
                        links.Add(probes.Object.Program(entry).AttachUprobe(path, function, returnProbe: false));
                    }

                    continue;
                }

                var entryLink = probes.Object.Program(entry).AttachUprobe(path, function, returnProbe: false);
                try
                {
                    links.Add(probes.Object.Program(exit).AttachUprobe(path, function, returnProbe: true));
                    links.Add(entryLink);
                    functions.Add(function);
                }
                catch (LibbpfException)
                {
                    entryLink.Dispose();
                    throw;
                }
            }
            catch (LibbpfException)
            {
                // No such symbol (static or stripped TLS, or not OpenSSL): try the next function.
            }
        }

        return links;
    }

    private sealed class Attached(string path, FileIdentity file, List<BpfLinkHandle> links, string status) : IDisposable
    {
        public string Path { get; } = path;

        public FileIdentity File { get; } = file;

        public string Status { get; } = status;

        public HashSet<int> Pids { get; } = [];

        public DateTimeOffset IdleSince { get; set; } = DateTimeOffset.MaxValue;

        public void Dispose()
        {
            foreach (var link in links)
            {
                link.Dispose();
            }
        }
    }
}
