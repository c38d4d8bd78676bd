using System.Text;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Llm;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Tests.Llm;

public sealed class LlmRecognizerTests
{
    private static readonly LlmRecognizer Recognizer = new(LlmRecognizerOptions.Parse(
        ["127.0.0.1:44321=openai", "LLM-Gateway.internal=openai_compatible"],
        ["11434=ollama", "8000=vllm"]));

    [Theory]
    [InlineData("api.openai.com", "/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"model":"gpt-4o"}""", "openai", "chat_completions", "gpt-4o")]
    [InlineData("api.openai.com", "/v1/responses", """{"model":"o3","input":"x"}""", "openai", "responses", "o3")]
    [InlineData("api.openai.com:443", "/v1/embeddings", """{"model":"text-embedding-3-small"}""", "openai", "embeddings", "text-embedding-3-small")]
    [InlineData("api.openai.com", "/v1/models", "", "openai", "other", null)]
    [InlineData("myres.openai.azure.com", "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21", """{"messages":[]}""", "azure_openai", "chat_completions", "gpt4o-prod")]
    [InlineData("myres.openai.azure.com", "/openai/deployments/emb/embeddings?api-version=2024-10-21", """{"model":"ignored"}""", "azure_openai", "embeddings", "emb")]
    [InlineData("myres.openai.azure.com", "/openai/v1/chat/completions", """{"model":"gpt-4.1"}""", "azure_openai", "chat_completions", "gpt-4.1")]
    [InlineData("api.anthropic.com", "/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":10}""", "anthropic", "messages", "claude-sonnet-4-5")]
    [InlineData("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent", """{"contents":[]}""", "gemini", "generate_content", "gemini-2.0-flash")]
    [InlineData("us-central1-aiplatform.googleapis.com", "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-1.5-pro:streamGenerateContent?alt=sse", "{}", "gemini", "stream_generate_content", "gemini-1.5-pro")]
    [InlineData("generativelanguage.googleapis.com", "/v1beta/openai/chat/completions", """{"model":"gemini-2.5-flash"}""", "gemini", "chat_completions", "gemini-2.5-flash")]
    [InlineData("bedrock-runtime.us-east-1.amazonaws.com", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", "{}", "bedrock", "converse", "anthropic.claude-3-5-sonnet-20240620-v1:0")]
    [InlineData("bedrock-runtime.eu-west-1.amazonaws.com", "/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123%3Ainference-profile%2Feu.meta.llama3/invoke-with-response-stream", "{}", "bedrock", "invoke_model", "arn:aws:bedrock:eu-west-1:123:inference-profile/eu.meta.llama3")]
    [InlineData("bedrock-runtime.us-west-2.amazonaws.com", "/model/amazon.nova-pro-v1:0/converse-stream", "{}", "bedrock", "converse", "amazon.nova-pro-v1:0")]
    [InlineData("api.mistral.ai", "/v1/chat/completions", """{"model":"mistral-large-latest"}""", "mistral", "chat_completions", "mistral-large-latest")]
    [InlineData("api.cohere.com", "/v2/chat", """{"model":"command-r-plus"}""", "cohere", "chat_completions", "command-r-plus")]
    [InlineData("api.cohere.ai", "/v1/embed", """{"model":"embed-english-v3.0"}""", "cohere", "embeddings", "embed-english-v3.0")]
    [InlineData("api.groq.com", "/openai/v1/chat/completions", """{"model":"llama-3.3-70b-versatile"}""", "groq", "chat_completions", "llama-3.3-70b-versatile")]
    [InlineData("openrouter.ai", "/api/v1/chat/completions", """{"model":"anthropic/claude-3.5-sonnet"}""", "openrouter", "chat_completions", "anthropic/claude-3.5-sonnet")]
    [InlineData("127.0.0.1:44321", "/v1/chat/completions", """{"model":"mock-1"}""", "openai", "chat_completions", "mock-1")]
    [InlineData("llm-gateway.internal", "/anything/at/all", "", "openai_compatible", "other", null)]
    [InlineData("127.0.0.1:5000", "/v1/chat/completions", """{"model":"mock-1"}""", "openai_compatible", "chat_completions", "mock-1")]
    [InlineData("shadow.example.net:8080", "/v1/chat/completions", """{"model":"llama-3-70b","messages":[]}""", "openai_compatible", "chat_completions", "llama-3-70b")]
    [InlineData("gateway.corp", "/proxy/v1/embeddings/", """{"model":"bge"}""", "openai_compatible", "embeddings", "bge")]
    [InlineData("gateway.corp", "/v1/completions", """{"prompt":"x","model":"tgi"}""", "openai_compatible", "completions", "tgi")]
    [InlineData("ollama.local", "/api/chat", """{"model":"llama3","messages":[]}""", "ollama", "ollama_chat", "llama3")]
    public void Recognize_KnownHostOrShape_NamesProviderEndpointAndModel(string host, string target, string body, string provider, string endpoint, string? model)
    {
        var call = Recognize(host, target, body);

        Assert.NotNull(call);
        Assert.Equal((provider, endpoint, model), (call.Provider, call.Endpoint, call.Model));
    }

    [Theory]
    [InlineData("example.com", "/index.html", "")]
    [InlineData("example.com", "/v1/chat/completions", "")]
    [InlineData("example.com", "/v1/chat/completions", """{"messages":[{"model":"nested only"}]}""")]
    [InlineData("example.com", "/v1/chat/completions", "not json")]
    [InlineData("openrouter.ai", "/docs/quickstart", "")]
    [InlineData("api.groq.com", "/status", "")]
    [InlineData("speech.cognitiveservices.azure.com", "/speech/recognition", "")]
    [InlineData("example.com", "/v1/messages", """{"model":"claude"}""")]
    public void Recognize_NothingLlmLike_ReturnsNull(string host, string target, string body) => Assert.Null(Recognize(host, target, body));

    [Fact]
    public void Recognize_UnknownHostWithAnthropicVersionHeader_IsAnthropicMessages()
    {
        var call = Recognize("proxy.corp", "/v1/messages", """{"model":"claude-3-haiku"}""", extra: new HttpHeader("anthropic-version", "2023-06-01"));

        Assert.Equal((LlmProviders.Anthropic, LlmEndpoints.Messages, "claude-3-haiku"), (call!.Provider, call.Endpoint, call.Model));
    }

    [Theory]
    [InlineData(CaptureSource.PlaintextSocket, 11434, "10.0.0.5:11434", "/api/generate", "ollama", "ollama_generate")]
    [InlineData(CaptureSource.PlaintextSocket, 8000, "vllm.ml.svc", "/v1/chat/completions", "vllm", "chat_completions")]
    [InlineData(CaptureSource.PlaintextSocket, null, "vllm.ml.svc:8000", "/v1/completions", "vllm", "completions")]
    [InlineData(CaptureSource.OpenSslUprobe, 8000, "vllm.ml.svc", "/v1/chat/completions", "openai_compatible", "chat_completions")]
    public void Recognize_PlaintextPortMapping_AppliesToPlaintextSockets(CaptureSource source, int? port, string host, string path, string provider, string endpoint)
    {
        var connection = new CapturedConnection { RemotePort = port };

        var call = Recognizer.Recognize(Head(host, path), """{"model":"m"}"""u8, source, connection);

        Assert.Equal((provider, endpoint, "m"), (call!.Provider, call.Endpoint, call.Model));
    }

    [Fact]
    public void Recognize_PlaintextPortHealthCheck_IsNotAnLlmCall()
    {
        var call = Recognizer.Recognize(Head("10.0.0.5:8000", "/health", "GET"), default, CaptureSource.PlaintextSocket, new CapturedConnection { RemotePort = 8000 });

        Assert.Null(call);
    }

    [Fact]
    public void Recognize_AbsoluteFormTargetThroughAProxy_UsesItsAuthority()
    {
        var head = new HttpRequestHead("POST", "http://user:pw@api.mistral.ai/v1/chat/completions", "HTTP/1.1", []);

        var call = Recognizer.Recognize(head, """{"model":"m"}"""u8, CaptureSource.PlaintextSocket, null);

        Assert.Equal(LlmProviders.Mistral, call!.Provider);
    }

    [Fact]
    public void Recognize_ModelAfterTheBodyCap_KnownHostStillRecognizedWithoutModel()
    {
        var cut = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"a very long prompt""");

        var call = Recognize("api.openai.com", "/v1/chat/completions", Encoding.UTF8.GetString(cut));

        Assert.Equal((LlmProviders.OpenAi, null), (call!.Provider, call.Model));
    }

    [Theory]
    [InlineData("api.openai.com=chatgpt", "")]
    [InlineData("no-equals-sign", "")]
    [InlineData("", "abc=ollama")]
    [InlineData("", "70000=ollama")]
    public void Parse_BadEntry_ThrowsNamingIt(string host, string port)
    {
        var error = Assert.Throws<FormatException>(() => LlmRecognizerOptions.Parse(host.Length > 0 ? [host] : [], port.Length > 0 ? [port] : []));

        Assert.Contains(host.Length > 0 ? host.Split('=')[^1] : port.Split('=')[0], error.Message, StringComparison.Ordinal);
    }

    private static LlmCall? Recognize(string host, string target, string body, HttpHeader? extra = null) =>
        Recognizer.Recognize(Head(host, target, extra: extra), Encoding.UTF8.GetBytes(body), CaptureSource.OpenSslUprobe, null);

    private static HttpRequestHead Head(string host, string target, string method = "POST", HttpHeader? extra = null) =>
        new(method, target, "HTTP/1.1", extra is null ? [new HttpHeader("Host", host)] : [new HttpHeader("Host", host), extra]);
}
