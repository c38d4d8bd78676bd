using System.Globalization;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping;

/// <summary>A batch file in the spool; the name orders files oldest first.</summary>
internal sealed record SpoolEntry(string Name, long Bytes, int Exchanges);

/// <summary>
/// The bounded on-disk queue of batches the backend has not accepted yet: one durable file per batch
/// (the gzip payload as it will be posted), named <c>&lt;unix ms&gt;-&lt;sequence&gt;-&lt;exchanges&gt;.batch</c>
/// so that ordinal order is age order. A file is deleted only after the backend answered 202.
/// </summary>
/// <remarks>
/// Thread-safe: the batcher and the sender add concurrently; only the sender reads and deletes.
/// Space is reserved under the lock before a file is written, so concurrent writers never overshoot the cap.
/// </remarks>
internal sealed class Spool(string directory, long capBytes, ShippingCounters counters, ILogger logger)
{
    private const string Extension = ".batch";
    private const string CorruptFolder = "corrupt";
    private const int CorruptFilesKept = 16;

    private readonly SortedDictionary<string, SpoolEntry> _files = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _bytes;
    private long _sequence;

    public string Directory { get; } = directory;

    public int Files
    {
        get
        {
            lock (_lock)
            {
                return _files.Count;
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Indexes what an earlier run left; interrupted writes and foreign files are moved aside and counted.</summary>
    public void Open()
    {
        DurableFile.EnsurePrivateDirectory(Directory);
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (Parse(name) is { } entry)
            {
                lock (_lock)
                {
                    _files[name] = entry with { Bytes = new FileInfo(path).Length };
                    _bytes += _files[name].Bytes;
                    _sequence = Math.Max(_sequence, SequenceOf(name));
                }
            }
            else
            {
                var cut = name.EndsWith(DurableFile.TemporarySuffix, StringComparison.Ordinal) ? Parse(name[..^DurableFile.TemporarySuffix.Length]) : null;
                MoveAside(name, cut?.Exchanges ?? 1, "an interrupted write or not a batch file");
            }
        }

        if (_files.Count > 0)
        {
            ShippingLog.SpoolFound(logger, _files.Count, _bytes, Directory);
        }
    }

    /// <summary>Writes the batch durably; false when it would pass the cap or the write failed (the caller counts the drop).</summary>
    public bool TryAdd(EncodedBatch batch, out string? refusal)
    {
        long size = batch.Payload.Length;
        string name;
        lock (_lock)
        {
            if (_bytes + size > capBytes)
            {
                refusal = ShippingDropReasons.SpoolFull;
                return false;
            }

            _bytes += size; // reserved; released below if the write fails
            name = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds():D15}-{++_sequence:D10}-{batch.Exchanges}{Extension}");
        }

        try
        {
            DurableFile.Write(Path.Combine(Directory, name), batch.Payload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Add(ref _bytes, -size);
            ShippingLog.SpoolWriteFailed(logger, e, Directory);
            refusal = ShippingDropReasons.SpoolError;
            return false;
        }

        lock (_lock)
        {
            _files[name] = new SpoolEntry(name, size, batch.Exchanges);
        }

        refusal = null;
        return true;
    }

    public SpoolEntry? Oldest()
    {
        lock (_lock)
        {
            return _files.Count == 0 ? null : _files.First().Value;
        }
    }

    /// <summary>The entry's batch, or null when the file is corrupt (then it is moved aside and counted).</summary>
    public EncodedBatch? Read(SpoolEntry entry)
    {
        try
        {
            var payload = File.ReadAllBytes(Path.Combine(Directory, entry.Name));
            BatchEncoding.Verify(payload);
            return new EncodedBatch(payload, entry.Exchanges);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Forget(entry);
            MoveAside(entry.Name, entry.Exchanges, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Only after the backend accepted the batch (202): delivery is at-least-once. Not fsynced: a file
    /// that comes back after a power loss is delivered again, and the backend stores each exchange once.
    /// </summary>
    public void Delete(SpoolEntry entry)
    {
        Forget(entry);
        DurableFile.TryDelete(Path.Combine(Directory, entry.Name));
    }

    private void Forget(SpoolEntry entry)
    {
        lock (_lock)
        {
            if (_files.Remove(entry.Name))
            {
                _bytes -= entry.Bytes;
            }
        }
    }

    private void MoveAside(string name, int exchanges, string reason)
    {
        counters.Dropped(ShippingDropReasons.SpoolCorrupt, exchanges);
        ShippingLog.SpoolFileCorrupt(logger, name, exchanges, reason);
        var corrupt = Path.Combine(Directory, CorruptFolder);
        try
        {
            DurableFile.EnsurePrivateDirectory(corrupt);
            File.Move(Path.Combine(Directory, name), Path.Combine(corrupt, name), overwrite: true);

            // Kept for a post-mortem, but bounded: the spool's cap must hold for them too.
            foreach (var old in new DirectoryInfo(corrupt).GetFiles().OrderByDescending(f => f.LastWriteTimeUtc).Skip(CorruptFilesKept))
            {
                old.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DurableFile.TryDelete(Path.Combine(Directory, name));
        }
    }

    private static SpoolEntry? Parse(string name)
    {
        var parts = name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length].Split('-') : [];
        return parts.Length == 3 && parts[0].Length == 15 && parts[1].Length == 10 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out _)
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _) && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var exchanges) && exchanges > 0
            ? new SpoolEntry(name, 0, exchanges)
            : null;
    }

    private static long SequenceOf(string name) => long.Parse(name.AsSpan(16, 10), CultureInfo.InvariantCulture);
}
