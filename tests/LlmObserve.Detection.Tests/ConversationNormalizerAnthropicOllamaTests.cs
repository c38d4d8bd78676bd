using LlmObserve.Contracts.Capture;
using LlmObserve.Detection.Conversations;
using static LlmObserve.Detection.Tests.ConversationExchanges;

namespace LlmObserve.Detection.Tests;

/// <summary>Anthropic Messages and Ollama, streamed and not; and what happens with bodies that are not what they should be.</summary>
public sealed class ConversationNormalizerAnthropicOllamaTests
{
    private const string AnthropicRequest = """
        {"model":"claude-sonnet-4-5","max_tokens":1024,"system":[{"type":"text","text":"You are terse."}],
        "messages":[{"role":"user","content":"Delete the temp files."},
        {"role":"assistant","content":[{"type":"text","text":"Running."},{"type":"tool_use","id":"toolu_1","name":"bash","input":{"command":"rm -rf /tmp/x"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"done"}]}],
        "tools":[{"name":"bash","description":"Runs a shell command","input_schema":{"type":"object","properties":{"command":{"type":"string"}}}}]}
        """;

    [Fact]
    public void Normalize_AnthropicMessage_ReadsSystemBlocksToolUseToolResultsAndUsage()
    {
        const string response = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
            "content":[{"type":"text","text":"Done."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":310,"output_tokens":4}}
            """;

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.Anthropic, LlmEndpoints.Messages, AnthropicRequest, response));

        Assert.Equal((ParseStatus.Parsed, ParseStatus.Parsed), (conversation.RequestStatus, conversation.ResponseStatus));
        Assert.Equal("You are terse.", conversation.System);
        Assert.Equal([Roles.User, Roles.Assistant, Roles.Tool], conversation.Messages.Select(m => m.Role)); // the tool_result-only user turn has no text of its own
        Assert.Equal("Delete the temp files.", conversation.Messages[0].Text);
        var call = Assert.Single(conversation.Messages[1].ToolCalls);
        Assert.Equal(("toolu_1", "bash"), (call.Id, call.Name));
        Assert.Contains("rm -rf /tmp/x", call.ArgumentsJson, StringComparison.Ordinal);
        Assert.Equal(("done", "toolu_1"), (conversation.Messages[2].Text, conversation.Messages[2].ToolCallId));
        Assert.Contains("\"command\"", Assert.Single(conversation.Tools).ParametersJson, StringComparison.Ordinal);
        Assert.Equal(("Done.", "end_turn", 310L, 4L), (conversation.ResponseText, conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output));
    }

    [Fact]
    public void Normalize_AnthropicStream_ReassemblesTextAndToolInputFromDeltas()
    {
        var stream = NamedSse(
            ("message_start", """{"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":25,"output_tokens":1}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("ping", """{"type":"ping"}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_2","name":"fetch_url","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"url\": \"https://"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"example.com\"}"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":1}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}"""),
            ("message_stop", """{"type":"message_stop"}"""));

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.Anthropic, LlmEndpoints.Messages, AnthropicRequest, stream, streamed: true, contentType: "text/event-stream"));

        Assert.Equal(ParseStatus.Parsed, conversation.ResponseStatus);
        Assert.Equal("Hi there", conversation.ResponseText);
        Assert.Equal(new ToolCall("toolu_2", "fetch_url", """{"url": "https://example.com"}"""), Assert.Single(conversation.ResponseToolCalls));
        Assert.Equal(("tool_use", 25L, 15L), (conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output));
    }

    [Fact]
    public void Normalize_OllamaChatStream_JoinsTheLinesAndReadsTheCountsOfTheLastOne()
    {
        const string request = """{"model":"llama3.2","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Why is the sky blue?"}]}""";
        const string stream = """
            {"model":"llama3.2","created_at":"2026-11-21T12:00:00Z","message":{"role":"assistant","content":"Rayleigh"},"done":false}
            {"model":"llama3.2","created_at":"2026-11-21T12:00:00Z","message":{"role":"assistant","content":" scattering."},"done":false}
            {"model":"llama3.2","created_at":"2026-11-21T12:00:01Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":1,"prompt_eval_count":26,"eval_count":4}
            """;

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.Ollama, LlmEndpoints.OllamaChat, request, stream, streamed: true, contentType: "application/x-ndjson"));

        Assert.Equal((ParseStatus.Parsed, ParseStatus.Parsed), (conversation.RequestStatus, conversation.ResponseStatus));
        Assert.Equal(("Be brief.", "Why is the sky blue?"), (conversation.System, conversation.Prompt));
        Assert.Equal(("Rayleigh scattering.", "stop", 26L, 4L), (conversation.ResponseText, conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output));
    }

    [Fact]
    public void Normalize_OllamaGenerate_ReadsPromptSystemAndResponse()
    {
        const string request = """{"model":"llama3.2","prompt":"Write a haiku","system":"You are a poet.","stream":false}""";
        const string response = """{"model":"llama3.2","created_at":"2026-11-21T12:00:00Z","response":"Leaves fall, quiet.","done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":6}""";

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.Ollama, LlmEndpoints.OllamaGenerate, request, response));

        Assert.Equal(("You are a poet.", "Write a haiku", "Leaves fall, quiet."), (conversation.System, conversation.Prompt, conversation.ResponseText));
        Assert.Equal(ParseStatus.Parsed, conversation.ResponseStatus);
    }

    [Theory]
    [InlineData("{\"model\":\"gpt-4o\",\"messages\":[", ParseStatus.Malformed)]
    [InlineData("not json at all", ParseStatus.Malformed)]
    [InlineData("[1,2,3]", ParseStatus.Malformed)] // JSON, but not a request object
    public void Normalize_RequestThatIsNotTheApisJson_KeepsAStatusAndNeverThrows(string body, ParseStatus expected)
    {
        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.ChatCompletions, body, """{"choices":[]}"""));

        Assert.Equal(expected, conversation.RequestStatus);
        Assert.Contains(conversation.ParseErrors, e => e.StartsWith("request:", StringComparison.Ordinal));
        Assert.Empty(conversation.Messages);
    }

    [Fact]
    public void Normalize_HostilePayloads_DeepNestingTruncationAndApisWithoutAConversation_GiveStatusesNotExceptions()
    {
        var deep = "{\"messages\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        const string cutResponse = """{"choices":[{"message":{"role":"assistant","content":"The answer is""";

        var nested = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.ChatCompletions, deep, null));
        var truncated = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.ChatCompletions, """{"messages":[]}""", cutResponse, responseTruncated: true));
        var embeddings = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.Embeddings, """{"input":"x"}""", "{}"));

        Assert.Equal((ParseStatus.Malformed, ParseStatus.Unsupported), (nested.RequestStatus, nested.ResponseStatus));
        Assert.Contains("response: no response was captured", nested.ParseErrors);
        Assert.Equal(ParseStatus.Partial, truncated.ResponseStatus);
        Assert.Contains(truncated.ParseErrors, e => e.Contains("cut by the capture", StringComparison.Ordinal));
        Assert.Equal((ParseStatus.Unsupported, LlmEndpoints.Embeddings), (embeddings.RequestStatus, embeddings.Api));
    }
}
