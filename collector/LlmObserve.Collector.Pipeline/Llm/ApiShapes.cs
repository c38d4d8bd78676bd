using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Llm;

/// <summary>
/// Recognizes LLM calls to hosts nobody configured by the shape of the API they speak, so shadow AI on
/// unknown hosts is still seen. The shape needs the marks a real client always sends (a JSON body naming a
/// model, Anthropic's version header), so ordinary REST traffic with a similar path does not match.
/// </summary>
internal static class ApiShapes
{
    private static readonly string[] OpenAiPaths = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings"];

    public static LlmCall? Match(string path, IReadOnlyList<HttpHeader> headers, ReadOnlySpan<byte> body)
    {
        if (ProviderEndpoints.EndsWith(path, "/v1/messages") && Http.HeaderValues.Get(headers, "anthropic-version") is not null)
        {
            return new LlmCall { Provider = LlmProviders.Anthropic, Endpoint = LlmEndpoints.Messages, Model = JsonModel.Read(body) };
        }

        var openAi = OpenAiPaths.Any(suffix => ProviderEndpoints.EndsWith(path, suffix));
        var ollama = ProviderEndpoints.EndsWith(path, "/api/chat") || ProviderEndpoints.EndsWith(path, "/api/generate");
        if (!openAi && !ollama)
        {
            return null;
        }

        var model = JsonModel.Read(body);
        if (model is null)
        {
            return null;
        }

        return openAi
            ? new LlmCall { Provider = LlmProviders.OpenAiCompatible, Endpoint = ProviderEndpoints.OpenAi(path), Model = model }
            : new LlmCall { Provider = LlmProviders.Ollama, Endpoint = ProviderEndpoints.Ollama(path)!, Model = model };
    }
}
