namespace LlmObserve.Contracts.Capture;

/// <summary>What the collector recognized the exchange as: which provider, which API, which model.</summary>
public sealed record LlmCall
{
    /// <summary>One of <see cref="LlmProviders"/>.</summary>
    public required string Provider { get; init; }

    /// <summary>One of <see cref="LlmEndpoints"/>.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The model the request asked for (body or path), when it names one.</summary>
    public string? Model { get; init; }
}

/// <summary>Provider names on the wire (lowercase, stable).</summary>
public static class LlmProviders
{
    public const string OpenAi = "openai";
    public const string AzureOpenAi = "azure_openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";
    public const string Bedrock = "bedrock";
    public const string Mistral = "mistral";
    public const string Cohere = "cohere";
    public const string Groq = "groq";
    public const string OpenRouter = "openrouter";
    public const string Ollama = "ollama";
    public const string Vllm = "vllm";

    /// <summary>A server speaking the OpenAI API that is not one of the named providers (LiteLLM, TGI …).</summary>
    public const string OpenAiCompatible = "openai_compatible";
}

/// <summary>API names on the wire.</summary>
public static class LlmEndpoints
{
    public const string ChatCompletions = "chat_completions";
    public const string Completions = "completions";
    public const string Responses = "responses";
    public const string Embeddings = "embeddings";
    public const string Messages = "messages";
    public const string GenerateContent = "generate_content";
    public const string StreamGenerateContent = "stream_generate_content";
    public const string Converse = "converse";
    public const string InvokeModel = "invoke_model";
    public const string OllamaChat = "ollama_chat";
    public const string OllamaGenerate = "ollama_generate";
    public const string Other = "other";
}
