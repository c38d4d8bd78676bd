using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Llm;

/// <summary>
/// Which API a request path calls, by the provider's API family, and the model when the path names it
/// (Azure deployments, Gemini and Vertex models, Bedrock model ids). Paths come without query and without
/// a trailing slash.
/// </summary>
internal static class ProviderEndpoints
{
    public static (string Endpoint, string? PathModel) Match(string provider, string path) => provider switch
    {
        LlmProviders.AzureOpenAi => Azure(path),
        LlmProviders.Anthropic => (EndsWith(path, "/messages") ? LlmEndpoints.Messages : EndsWith(path, "/complete") ? LlmEndpoints.Completions : OpenAi(path), null),
        LlmProviders.Gemini => Gemini(path),
        LlmProviders.Bedrock => Bedrock(path),
        LlmProviders.Cohere => (Cohere(path), null),
        LlmProviders.Ollama => (Ollama(path) ?? OpenAi(path), null),
        _ => (OpenAi(path), null),
    };

    /// <summary>The OpenAI API shape, which most servers speak (Groq, OpenRouter, Mistral, vLLM, LiteLLM, TGI …).</summary>
    public static string OpenAi(string path) =>
        EndsWith(path, "/chat/completions") ? LlmEndpoints.ChatCompletions
        : EndsWith(path, "/completions") ? LlmEndpoints.Completions
        : EndsWith(path, "/embeddings") ? LlmEndpoints.Embeddings
        : EndsWith(path, "/responses") || path.Contains("/responses/", StringComparison.OrdinalIgnoreCase) ? LlmEndpoints.Responses
        : LlmEndpoints.Other;

    /// <summary>Ollama's native API, or null for its OpenAI-compatible paths.</summary>
    public static string? Ollama(string path) =>
        EndsWith(path, "/api/chat") ? LlmEndpoints.OllamaChat
        : EndsWith(path, "/api/generate") ? LlmEndpoints.OllamaGenerate
        : EndsWith(path, "/api/embed") || EndsWith(path, "/api/embeddings") ? LlmEndpoints.Embeddings
        : null;

    public static bool EndsWith(string path, string suffix) => path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>/openai/deployments/{deployment}/chat/completions: the deployment is what served the call.</summary>
    private static (string, string?) Azure(string path)
    {
        const string Prefix = "/openai/deployments/";
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (OpenAi(path), null); // the v1 API (/openai/v1/…) names the model in the body
        }

        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var deployment = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        return (OpenAi(path), deployment.Length > 0 ? deployment : null);
    }

    /// <summary>
    /// …/models/{model}:{method}, as Gemini (/v1beta/models/gemini-2.0-flash:generateContent) and Vertex
    /// (/v1/projects/p/locations/l/publishers/google/models/gemini-1.5-pro:streamGenerateContent) write it.
    /// </summary>
    private static (string, string?) Gemini(string path)
    {
        var models = path.LastIndexOf("models/", StringComparison.Ordinal);
        var colon = path.LastIndexOf(':');
        if (models < 0 || colon < models)
        {
            return (OpenAi(path), null); // the OpenAI-compatible endpoints (/v1beta/openai/chat/completions)
        }

        var endpoint = path[(colon + 1)..] switch
        {
            "generateContent" => LlmEndpoints.GenerateContent,
            "streamGenerateContent" => LlmEndpoints.StreamGenerateContent,
            "embedContent" or "batchEmbedContents" => LlmEndpoints.Embeddings,
            _ => LlmEndpoints.Other,
        };
        var model = Uri.UnescapeDataString(path[(models + "models/".Length)..colon]);
        return (endpoint, model.Length > 0 ? model : null);
    }

    /// <summary>/model/{modelId}/converse: the id is URL-encoded (anthropic.claude-3-5-sonnet-20240620-v1%3A0, ARNs with %2F).</summary>
    private static (string, string?) Bedrock(string path)
    {
        const string Prefix = "/model/";
        var slash = path.LastIndexOf('/');
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || slash < Prefix.Length)
        {
            return (OpenAi(path), null); // Bedrock's OpenAI-compatible endpoint names the model in the body
        }

        var endpoint = path[(slash + 1)..] switch
        {
            "converse" or "converse-stream" => LlmEndpoints.Converse,
            "invoke" or "invoke-with-response-stream" => LlmEndpoints.InvokeModel,
            _ => LlmEndpoints.Other,
        };
        return (endpoint, Uri.UnescapeDataString(path[Prefix.Length..slash]));
    }

    /// <summary>Cohere's v1 and v2 APIs (/v2/chat, /v1/generate, /v2/embed), else its OpenAI compatibility API.</summary>
    private static string Cohere(string path) =>
        EndsWith(path, "/chat") ? LlmEndpoints.ChatCompletions
        : EndsWith(path, "/generate") ? LlmEndpoints.Completions
        : EndsWith(path, "/embed") ? LlmEndpoints.Embeddings
        : OpenAi(path);
}
