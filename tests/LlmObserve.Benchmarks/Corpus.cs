namespace LlmObserve.Benchmarks;

/// <summary>English-like text with a skewed word distribution, so bodies compress as real prompts do.</summary>
internal static class Corpus
{
    private static readonly string[] Words =
    [
        "the", "model", "customer", "invoice", "please", "summarize", "following", "report", "data", "error", "why", "does", "function",
        "return", "value", "account", "policy", "refund", "order", "shipping", "translate", "into", "german", "explain", "code", "table",
        "query", "performance", "latency", "cluster", "kubernetes", "deployment", "service", "request", "response", "token", "user",
        "assistant", "system", "context", "document", "paragraph", "quarterly", "revenue", "growth", "market", "analysis", "risk",
    ];

    public static string Build(int length)
    {
        var random = new Random(42);
        var text = new System.Text.StringBuilder(length + 32);
        while (text.Length < length)
        {
            text.Append(Words[(int)(Words.Length * Math.Pow(random.NextDouble(), 2))]).Append(random.Next(12) == 0 ? ". " : " ");
            if (random.Next(40) == 0)
            {
                text.Append(random.Next(100_000)).Append(' ');
            }
        }

        return text.ToString();
    }
}
