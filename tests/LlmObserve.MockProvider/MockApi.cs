namespace LlmObserve.MockProvider;

/// <summary>The LLM APIs the mock serves; each lives on its provider's own port.</summary>
public enum MockApi
{
    /// <summary>OpenAI <c>POST /v1/chat/completions</c> over HTTPS.</summary>
    OpenAiChat,

    /// <summary>OpenAI <c>POST /v1/responses</c> over HTTPS.</summary>
    OpenAiResponses,

    /// <summary>Anthropic <c>POST /v1/messages</c> over HTTPS.</summary>
    AnthropicMessages,

    /// <summary>Ollama <c>POST /api/chat</c> over plain HTTP (NDJSON when streamed).</summary>
    OllamaChat,

    /// <summary>vLLM's OpenAI-compatible <c>POST /v1/chat/completions</c> over plain HTTP.</summary>
    VllmChat,
}

public static class MockApis
{
    public static string Path(this MockApi api) => api switch
    {
        MockApi.OpenAiChat or MockApi.VllmChat => "/v1/chat/completions",
        MockApi.OpenAiResponses => "/v1/responses",
        MockApi.AnthropicMessages => "/v1/messages",
        MockApi.OllamaChat => "/api/chat",
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, message: null),
    };

    /// <summary>A model name the real provider would accept, used when a test does not pick one.</summary>
    public static string DefaultModel(this MockApi api) => api switch
    {
        MockApi.OpenAiChat or MockApi.OpenAiResponses => "gpt-4o-mini",
        MockApi.AnthropicMessages => "claude-sonnet-4-5",
        MockApi.OllamaChat => "llama3.2",
        MockApi.VllmChat => "Qwen/Qwen2.5-1.5B-Instruct",
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, message: null),
    };

    public static bool IsHttps(this MockApi api) => api is MockApi.OpenAiChat or MockApi.OpenAiResponses or MockApi.AnthropicMessages;
}
