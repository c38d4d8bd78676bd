using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Llm;

/// <summary>
/// The public providers' API hosts. Traffic to them is LLM traffic whatever the path (file uploads and
/// batch jobs carry prompts too), except where a host also serves something else: then only the API's
/// path prefix counts.
/// </summary>
internal static class ProviderHosts
{
    /// <summary>The provider behind <paramref name="host"/> (lowercase) for this path, or null.</summary>
    public static string? Match(string host, string path) => host switch
    {
        "api.openai.com" => LlmProviders.OpenAi,
        "api.anthropic.com" => LlmProviders.Anthropic,
        "generativelanguage.googleapis.com" or "aiplatform.googleapis.com" => LlmProviders.Gemini,
        "api.mistral.ai" or "codestral.mistral.ai" => LlmProviders.Mistral,
        "api.cohere.com" or "api.cohere.ai" => LlmProviders.Cohere,
        "api.groq.com" when HasPrefix(path, "/openai/") => LlmProviders.Groq,
        "openrouter.ai" when HasPrefix(path, "/api/") => LlmProviders.OpenRouter,
        _ when host.EndsWith(".openai.azure.com", StringComparison.Ordinal) => LlmProviders.AzureOpenAi,
        _ when host.EndsWith(".cognitiveservices.azure.com", StringComparison.Ordinal) && HasPrefix(path, "/openai/") => LlmProviders.AzureOpenAi,
        _ when host.EndsWith("-aiplatform.googleapis.com", StringComparison.Ordinal) => LlmProviders.Gemini,
        _ when IsBedrockRuntime(host) => LlmProviders.Bedrock,
        _ => null,
    };

    private static bool IsBedrockRuntime(string host) =>
        (host.StartsWith("bedrock-runtime.", StringComparison.Ordinal) || host.StartsWith("bedrock-runtime-fips.", StringComparison.Ordinal))
        && host.EndsWith(".amazonaws.com", StringComparison.Ordinal);

    private static bool HasPrefix(string path, string prefix) => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}
