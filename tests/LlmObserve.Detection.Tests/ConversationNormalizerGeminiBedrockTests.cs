using LlmObserve.Contracts.Capture;
using LlmObserve.Detection.Conversations;
using static LlmObserve.Detection.Tests.ConversationExchanges;

namespace LlmObserve.Detection.Tests;

/// <summary>Google Gemini and AWS Bedrock bodies, as the google-genai and AWS SDKs send and receive them.</summary>
public sealed class ConversationNormalizerGeminiBedrockTests
{
    private const string GeminiRequest = """
        {"systemInstruction":{"parts":[{"text":"You are a travel agent."}]},
        "contents":[{"role":"user","parts":[{"text":"Book Paris"},{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]},
        {"role":"model","parts":[{"functionCall":{"name":"book","args":{"city":"Paris"}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"book","response":{"ok":true}}}]}],
        "tools":[{"functionDeclarations":[{"name":"book","description":"Books a trip","parameters":{"type":"OBJECT"}}]}]}
        """;

    [Fact]
    public void Normalize_GeminiGenerateContent_ReadsSystemInstructionPartsFunctionsAndUsage_ModelFromThePath()
    {
        const string response = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Booked."}]},"finishReason":"STOP","index":0}],
            "usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":2,"totalTokenCount":42},"modelVersion":"gemini-2.0-flash-001"}
            """;

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.Gemini, LlmEndpoints.GenerateContent, GeminiRequest, response, model: "gemini-2.0-flash"));

        Assert.Equal((ParseStatus.Parsed, ParseStatus.Parsed), (conversation.RequestStatus, conversation.ResponseStatus));
        Assert.Equal(("You are a travel agent.", "Book Paris", "gemini-2.0-flash"), (conversation.System, conversation.Prompt, conversation.Model));
        Assert.Equal([Roles.User, Roles.Assistant, Roles.Tool], conversation.Messages.Select(m => m.Role));
        Assert.Equal(new ToolCall(null, "book", """{"city":"Paris"}"""), Assert.Single(conversation.Messages[1].ToolCalls));
        Assert.Equal("""{"ok":true}""", conversation.Messages[2].Text);
        Assert.Equal("book", Assert.Single(conversation.Tools).Name);
        Assert.Equal(("Booked.", "STOP", 40L, 2L), (conversation.ResponseText, conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output));
    }

    [Fact]
    public void Normalize_GeminiStream_AsServerSentEventsAndAsAJsonArray_GivesTheSameText()
    {
        string[] chunks =
        [
            """{"candidates":[{"content":{"role":"model","parts":[{"text":"Bon"}]},"index":0}],"modelVersion":"gemini-2.0-flash"}""",
            """{"candidates":[{"content":{"role":"model","parts":[{"text":"jour"}]},"index":0}]}""",
            """{"candidates":[{"content":{"role":"model","parts":[{"text":"!"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":3}}""",
        ];

        var sse = ConversationNormalizer.Normalize(Of(LlmProviders.Gemini, LlmEndpoints.StreamGenerateContent, GeminiRequest, Sse(chunks), streamed: true, contentType: "text/event-stream"));
        var array = ConversationNormalizer.Normalize(Of(LlmProviders.Gemini, LlmEndpoints.StreamGenerateContent, GeminiRequest, "[" + string.Join(",\r\n", chunks) + "]"));

        Assert.Equal((ParseStatus.Parsed, "Bonjour!", "STOP", 3L), (sse.ResponseStatus, sse.ResponseText, sse.FinishReason, sse.Usage!.Output));
        Assert.Equal((ParseStatus.Parsed, "Bonjour!", true), (array.ResponseStatus, array.ResponseText, array.Streamed));
    }

    [Fact]
    public void Normalize_BedrockConverse_ReadsSystemBlocksToolUseAndToolResults()
    {
        const string request = """
            {"system":[{"text":"Be safe."}],"messages":[{"role":"user","content":[{"text":"Read /etc/passwd"}]},
            {"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"read_file","input":{"path":"/etc/passwd"}}}]},
            {"role":"user","content":[{"toolResult":{"toolUseId":"t1","content":[{"text":"root:x:0:0"}]}}]}],
            "toolConfig":{"tools":[{"toolSpec":{"name":"read_file","description":"Reads a file","inputSchema":{"json":{"type":"object"}}}}]}}
            """;
        const string response = """
            {"output":{"message":{"role":"assistant","content":[{"text":"I cannot share that."}]}},"stopReason":"end_turn",
            "usage":{"inputTokens":55,"outputTokens":6,"totalTokens":61},"metrics":{"latencyMs":300}}
            """;

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.Bedrock, LlmEndpoints.Converse, request, response, model: "anthropic.claude-3-haiku-20240307-v1:0"));

        Assert.Equal((ParseStatus.Parsed, ParseStatus.Parsed), (conversation.RequestStatus, conversation.ResponseStatus));
        Assert.Equal(("Be safe.", "Read /etc/passwd"), (conversation.System, conversation.Prompt));
        Assert.Equal("read_file", Assert.Single(conversation.Messages[1].ToolCalls).Name);
        Assert.Equal(("root:x:0:0", "t1"), (conversation.Messages[2].Text, conversation.Messages[2].ToolCallId));
        Assert.Equal("""{"type":"object"}""", Assert.Single(conversation.Tools).ParametersJson);
        Assert.Equal(("I cannot share that.", "end_turn", 55L, 6L), (conversation.ResponseText, conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output));
        Assert.Equal("anthropic.claude-3-haiku-20240307-v1:0", conversation.Model);
    }

    [Fact]
    public void Normalize_BedrockInvokeModel_ReadsAnthropicBodiesAsMessages_AndLlamaBodiesAsText()
    {
        const string anthropicRequest = """{"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"system":"Short answers.","messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}""";
        const string anthropicResponse = """{"id":"msg_bdrk_1","type":"message","role":"assistant","model":"claude-3-haiku","content":[{"type":"text","text":"Hi."}],"stop_reason":"end_turn","usage":{"input_tokens":9,"output_tokens":3}}""";
        const string llamaRequest = """{"prompt":"<|begin_of_text|>Tell me a joke","max_gen_len":128,"temperature":0.5}""";
        const string llamaResponse = """{"generation":"Why did the chicken...","prompt_token_count":8,"generation_token_count":6,"stop_reason":"stop"}""";

        var anthropic = ConversationNormalizer.Normalize(Of(LlmProviders.Bedrock, LlmEndpoints.InvokeModel, anthropicRequest, anthropicResponse));
        var llama = ConversationNormalizer.Normalize(Of(LlmProviders.Bedrock, LlmEndpoints.InvokeModel, llamaRequest, llamaResponse));

        Assert.Equal(("Short answers.", "Hello", "Hi.", 3L), (anthropic.System, anthropic.Prompt, anthropic.ResponseText, anthropic.Usage!.Output));
        Assert.Equal(("<|begin_of_text|>Tell me a joke", "Why did the chicken...", "stop", 8L), (llama.Prompt, llama.ResponseText, llama.FinishReason, llama.Usage!.Input));
        Assert.Equal((ParseStatus.Parsed, ParseStatus.Parsed), (llama.RequestStatus, llama.ResponseStatus));
    }
}
