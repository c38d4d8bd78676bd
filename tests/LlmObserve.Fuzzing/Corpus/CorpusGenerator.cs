using System.Globalization;
using System.Text;
using LlmObserve.Fuzzing.Harness;
using LlmObserve.Fuzzing.Targets.Backend;
using LlmObserve.Fuzzing.Targets.Collector;

namespace LlmObserve.Fuzzing.Corpus;

/// <summary>(Re)writes <c>tests/LlmObserve.Fuzzing/corpus/&lt;target&gt;/</c> from <see cref="CorpusSources"/>, with the compression bombs.</summary>
public static class CorpusGenerator
{
    private static readonly string[] Codings = ["gzip", "deflate", "br"];

    public static int WriteAll(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var samples = CorpusSources.Samples();
        var corpus = new Dictionary<string, List<(string Name, byte[] Bytes)>>(StringComparer.Ordinal);
        void Add(string target, string name, byte[] bytes) =>
            (corpus.TryGetValue(target, out var list) ? list : corpus[target] = []).Add((name, bytes));

        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            var id = i.ToString("D2", CultureInfo.InvariantCulture);
            byte[] Http(FeedControl control, byte[] client, byte[] server) => [(byte)control, (byte)i, .. client, .. HttpTarget.Marker, .. server];
            Add("http", $"{id}-plain", Http(FeedControl.None, s.RequestBytes(), s.ResponseBytes(chunked: false)));
            Add("http", $"{id}-chunked-closed", Http(FeedControl.Announced | FeedControl.Closed, s.RequestBytes(), s.ResponseBytes(chunked: true)));
            Add("http", $"{id}-{Codings[i % 3]}-interleaved", Http(FeedControl.Interleaved | FeedControl.Closed, s.RequestBytes(), s.ResponseBytes(chunked: i % 2 == 0, Codings[i % 3])));
            Add("http", $"{id}-pipelined-loss", Http(FeedControl.Loss | FeedControl.Plaintext, [.. s.RequestBytes(), .. s.RequestBytes("gzip")], [.. s.ResponseBytes(chunked: false), .. s.ResponseBytes(chunked: true)]));
            Add("ebpf-events", $"{id}-connection", EbpfRecords(s, (ulong)i + 1));
            Add(s.Streamed ? "sse-ndjson" : "provider-payloads", $"{id}-sample",
                s.Streamed ? [(byte)s.Api, .. LiteralExtractor.Utf8(s.Response)] : [(byte)s.Api, .. LiteralExtractor.Utf8(s.Request), .. ConversationTarget.Marker, .. LiteralExtractor.Utf8(s.Response)]);
            foreach (var coding in Codings)
            {
                var body = HttpSample.Encode(LiteralExtractor.Utf8(s.Response), coding);
                Add("content-" + coding, $"{id}-framing{i % 4}", [(byte)((i % 4) | (i << 2)), .. body]);
            }
        }

        foreach (var (api, body) in CorpusSources.Streams())
        {
            Add("sse-ndjson", $"stream-{api}-{corpus.GetValueOrDefault("sse-ndjson")?.Count ?? 0:D2}", [(byte)api, .. LiteralExtractor.Utf8(body)]);
        }

        // Bombs: each decodes far past its cap (16 MiB for the collector, 32 MiB for ingest).
        Add("content-gzip", "bomb-32mib-zeros", [0, .. Bombs.Gzip(32)]);
        Add("content-gzip", "bomb-32mib-a-chunked", [1, .. Bombs.Gzip(32, (byte)'a')]);
        Add("content-deflate", "bomb-32mib-zeros", [0, .. Bombs.Deflate(32)]);
        Add("content-br", "bomb-1gib-zeros", [0, .. Bombs.Brotli(1024)]);

        var batch = File.ReadAllBytes(CorpusSources.BatchFixturePath);
        Add("ingest-batch", "capture-batch-v1", [0, .. batch]);
        Add("ingest-batch", "capture-batch-v1-gzipped", [1, .. HttpSample.Encode(batch, "gzip")]);
        Add("ingest-batch", "bomb-40mib-spaces", [1, .. Bombs.Gzip(40, (byte)' ')]);
        Add("ingest-batch", "not-gzip", [1, .. batch]);

        var rules = CorpusSources.RuleFiles();
        for (var i = 0; i < rules.Count; i++)
        {
            Add("rules", $"{i:D2}", Encoding.UTF8.GetBytes(rules[i]));
        }

        long total = 0;
        foreach (var (target, entries) in corpus.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var folder = Path.Combine(CorpusStore.SourceDirectory, target);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            foreach (var (name, bytes) in entries)
            {
                File.WriteAllBytes(Path.Combine(folder, name + ".bin"), bytes);
            }

            var size = entries.Sum(e => (long)e.Bytes.Length);
            total += size;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{target,-18} {entries.Count,4} files {size / 1024.0,8:F1} KiB"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-18} {total / 1024.0,19:F1} KiB in {CorpusStore.SourceDirectory}"));
        return 0;
    }

    /// <summary>What the kernel side sends for one call: exec, connect, the request and response in 4 KiB records, close, exit.</summary>
    private static byte[] EbpfRecords(HttpSample sample, ulong connectionId)
    {
        var records = new List<byte[]>
        {
            EventRecords.Process(exec: true, 1_000, "python3", "/usr/bin/python3.12", 0),
            EventRecords.Connection(connectionId, 2_000, [104, 18, 6, 192], 443, 1),
        };
        ulong time = 3_000;
        foreach (var (bytes, direction) in new[] { (sample.RequestBytes(), (byte)0), (sample.ResponseBytes(chunked: sample.Streamed), (byte)1) })
        {
            for (var at = 0; at < bytes.Length; at += 4096)
            {
                var data = bytes.AsSpan(at, Math.Min(4096, bytes.Length - at));
                records.Add(EventRecords.Data(connectionId, time += 1_000, (ulong)at, direction, 1, 0, data));
            }
        }

        records.Add(EventRecords.Close(connectionId, time + 1_000));
        records.Add(EventRecords.Process(exec: false, time + 2_000, "python3", string.Empty, 0));
        return EventRecords.Frame(records);
    }
}
