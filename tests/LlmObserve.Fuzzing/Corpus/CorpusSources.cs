using System.Text;
using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Testing;

namespace LlmObserve.Fuzzing.Corpus;

/// <summary>
/// Real material in the repository the corpus is built from: the wire contract's sample batch, the payloads of the
/// conversation normalizer's tests, the built-in rule pack and the rule tests' files.
/// </summary>
internal static class CorpusSources
{
    private static string Root => TestEnvironment.RepositoryRoot;

    public static string BatchFixturePath => Path.Combine(Root, "tests", "LlmObserve.Contracts.Tests", "Fixtures", "capture-batch-v1.json");

    public static CaptureBatch Batch() =>
        JsonSerializer.Deserialize(File.ReadAllText(BatchFixturePath), CaptureJson.Default.CaptureBatch)
        ?? throw new InvalidDataException(BatchFixturePath + " holds no batch.");

    /// <summary>The JSON payloads of the normalizer tests (single-line literals are the stream events).</summary>
    public static IReadOnlyList<string> PayloadLiterals() => [.. LiteralExtractor
        .RawStrings(Directory.EnumerateFiles(Path.Combine(Root, "tests", "LlmObserve.Detection.Tests"), "ConversationNormalizer*.cs"))
        .Where(l => l.TrimStart().StartsWith('{'))];

    /// <summary>Request/response pairs: the normalizer tests' literals by API (each request with a response of its API), and the sample batch.</summary>
    public static IReadOnlyList<HttpSample> Samples()
    {
        var literals = PayloadLiterals().Where(l => l.Contains('\n', StringComparison.Ordinal) || l.Length > 60).ToList();
        var samples = new List<HttpSample>();
        foreach (var group in literals.GroupBy(LiteralExtractor.ApiIndex).Where(g => g.Key is not null))
        {
            var requests = group.Where(IsRequest).Take(3).ToList();
            var response = group.FirstOrDefault(l => !IsRequest(l)) ?? "{}";
            samples.AddRange(requests.Select(r => new HttpSample(group.Key!.Value, r, response, Streamed: false)));
        }

        foreach (var exchange in Batch().Exchanges.Where(e => e.Request.Body is not null && e.Response?.Body is not null))
        {
            var api = exchange.Request.Path.EndsWith("/api/chat", StringComparison.Ordinal) ? 7 : 0;
            samples.Add(new HttpSample(api, exchange.Request.Body!, exchange.Response!.Body!, exchange.Streamed));
        }

        samples.AddRange(Streams().Select(s => new HttpSample(s.Api, RequestFor(s.Api), s.Body, Streamed: true)));
        return samples;
    }

    /// <summary>Streamed bodies: the tests' stream events (single-line literals) grouped by API as SSE, or NDJSON for Ollama.</summary>
    public static IReadOnlyList<(int Api, string Body)> Streams()
    {
        var events = PayloadLiterals().Where(l => !l.Contains('\n', StringComparison.Ordinal) && !IsRequest(l)).ToList();
        var streams = new List<(int, string)>();
        foreach (var group in events.GroupBy(LiteralExtractor.ApiIndex).Where(g => g.Key is not null))
        {
            var api = group.Key!.Value;
            var body = new StringBuilder();
            foreach (var data in group)
            {
                if (api is 7 or 8)
                {
                    body.Append(data).Append('\n');
                    continue;
                }

                if (api is 1 or 2 && JsonDocument.Parse(data).RootElement.TryGetProperty("type", out var type))
                {
                    body.Append("event: ").Append(type.GetString()).Append('\n');
                }

                body.Append("data: ").Append(data).Append("\n\n");
            }

            if (api is 0)
            {
                body.Append("data: [DONE]\n\n");
            }

            streams.Add((api == 3 ? 4 : api, body.ToString()));
        }

        streams.AddRange(Batch().Exchanges.Where(e => e.Streamed && e.Response?.Body is not null).Select(e => (0, e.Response!.Body!)));
        return streams;
    }

    public static IReadOnlyList<string> RuleFiles()
    {
        var builtIn = Directory.EnumerateFiles(Path.Combine(Root, "scanner-worker", "LlmObserve.Detection", "Rules", "BuiltIn"), "*.yaml")
            .Order(StringComparer.Ordinal).Select(File.ReadAllText);
        var tests = LiteralExtractor.RawStrings(Directory.EnumerateFiles(Path.Combine(Root, "tests", "LlmObserve.Detection.Tests", "Rules"), "*.cs"))
            .Where(l => l.Contains("- rule:", StringComparison.Ordinal) || l.Contains("- macro:", StringComparison.Ordinal) || l.Contains("- list:", StringComparison.Ordinal));
        return [.. builtIn, .. tests.Distinct(StringComparer.Ordinal)];
    }

    private static bool IsRequest(string json) =>
        json.Contains("\"messages\"", StringComparison.Ordinal) || json.Contains("\"contents\"", StringComparison.Ordinal)
        || json.Contains("\"prompt\"", StringComparison.Ordinal) || json.Contains("\"input\":", StringComparison.Ordinal) && !json.Contains("\"output\"", StringComparison.Ordinal);

    private static string RequestFor(int api) => api switch
    {
        2 => """{"model":"claude-sonnet-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"hi"}]}""",
        4 => """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""",
        7 => """{"model":"llama3.2","messages":[{"role":"user","content":"hi"}]}""",
        _ => """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""",
    };
}
