using LlmObserve.Contracts.Capture;
using LlmObserve.Detection.Conversations;
using static LlmObserve.Detection.Tests.ConversationExchanges;

namespace LlmObserve.Detection.Tests;

/// <summary>
/// Each provider format, streamed and not, with bodies shaped as the official SDKs send and receive them
/// (openai-python/openai-node, anthropic-sdk, ollama), and the bodies a capture or a provider gets wrong.
/// </summary>
public sealed class ConversationNormalizerTests
{
    private const string ChatRequest = """
        {"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a billing assistant."},
        {"role":"user","content":[{"type":"text","text":"What is my balance?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_balance","arguments":"{\"account\":\"A-1\"}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":"42.00 EUR"}],
        "tools":[{"type":"function","function":{"name":"get_balance","description":"Balance of an account","parameters":{"type":"object","properties":{"account":{"type":"string"}}}}}],
        "stream":false}
        """;

    [Fact]
    public void Normalize_OpenAiChatCompletion_ReadsSystemMessagesToolsAnswerAndUsage()
    {
        const string response = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
            "choices":[{"index":0,"message":{"role":"assistant","content":"Your balance is 42.00 EUR.","refusal":null},"logprobs":null,"finish_reason":"stop"}],
            "usage":{"prompt_tokens":71,"completion_tokens":9,"total_tokens":80}}
            """;

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.ChatCompletions, ChatRequest, response));

        Assert.Equal((ParseStatus.Parsed, ParseStatus.Parsed), (conversation.RequestStatus, conversation.ResponseStatus));
        Assert.Equal("You are a billing assistant.", conversation.System);
        Assert.Equal([Roles.User, Roles.Assistant, Roles.Tool], conversation.Messages.Select(m => m.Role));
        Assert.Equal("What is my balance?", conversation.Prompt);
        Assert.Equal(new ToolCall("call_1", "get_balance", """{"account":"A-1"}"""), Assert.Single(conversation.Messages[1].ToolCalls));
        Assert.Equal(("42.00 EUR", "call_1"), (conversation.Messages[2].Text, conversation.Messages[2].ToolCallId));
        Assert.Equal("get_balance", Assert.Single(conversation.Tools).Name);
        Assert.Contains("\"account\"", conversation.Tools[0].ParametersJson, StringComparison.Ordinal);
        Assert.Equal("Your balance is 42.00 EUR.", conversation.ResponseText);
        Assert.Equal(("stop", 71L, 9L, 80L), (conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output, conversation.Usage.Total));
        Assert.Equal("gpt-4o-mini", conversation.Model);
        Assert.Equal(TimeSpan.FromMilliseconds(850), conversation.Latency);
        Assert.Empty(conversation.ParseErrors);
    }

    [Fact]
    public void Normalize_OpenAiChatStream_ReassemblesTextFromTheFirstTokenAndToolCallArguments()
    {
        var stream = Sse(
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"run_shell","arguments":""}}]},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"cmd\":"}}]},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"ls\"}"}}]},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}""",
            "[DONE]");

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.Vllm, LlmEndpoints.ChatCompletions, ChatRequest, stream, streamed: true, contentType: "text/event-stream"));

        Assert.Equal(ParseStatus.Parsed, conversation.ResponseStatus);
        Assert.True(conversation.Streamed);
        Assert.Equal("Hello", conversation.ResponseText);
        Assert.Equal(new ToolCall("call_9", "run_shell", """{"cmd":"ls"}"""), Assert.Single(conversation.ResponseToolCalls));
        Assert.Equal(("tool_calls", 12L, 7L), (conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output));
    }

    [Fact]
    public void Normalize_OpenAiResponses_ReadsInstructionsInputItemsAndOutput()
    {
        const string request = """
            {"model":"gpt-4.1","instructions":"Answer in French.","input":[{"role":"user","content":[{"type":"input_text","text":"Say hi"}]},
            {"type":"function_call","call_id":"fc_1","name":"lookup","arguments":"{}"},{"type":"function_call_output","call_id":"fc_1","output":"none"}],
            "tools":[{"type":"function","name":"lookup","description":"Looks up","parameters":{"type":"object"}},{"type":"web_search"}]}
            """;
        const string response = """
            {"id":"resp_1","object":"response","status":"completed","model":"gpt-4.1-2025-04-14",
            "output":[{"type":"message","id":"msg_1","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Salut !","annotations":[]}]}],
            "usage":{"input_tokens":20,"output_tokens":3,"total_tokens":23}}
            """;

        var conversation = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.Responses, request, response));

        Assert.Equal((ParseStatus.Parsed, ParseStatus.Parsed), (conversation.RequestStatus, conversation.ResponseStatus));
        Assert.Equal("Answer in French.", conversation.System);
        Assert.Equal("Say hi", conversation.Prompt);
        Assert.Equal([Roles.User, Roles.Assistant, Roles.Tool], conversation.Messages.Select(m => m.Role));
        Assert.Equal("lookup", Assert.Single(conversation.Tools).Name);
        Assert.Equal(("Salut !", "completed", 20L, 3L), (conversation.ResponseText, conversation.FinishReason, conversation.Usage!.Input, conversation.Usage.Output));
    }

    [Fact]
    public void Normalize_OpenAiResponsesStream_ReadsTheCompletedEvent_AndACutStreamFromItsDeltas()
    {
        const string request = """{"model":"gpt-4.1","input":"Say hi","stream":true}""";
        var deltas = new[]
        {
            ("response.created", """{"type":"response.created","response":{"id":"resp_2","status":"in_progress","output":[]}}"""),
            ("response.output_text.delta", """{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Sal"}"""),
            ("response.output_text.delta", """{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"ut"}"""),
        };
        var completed = ("response.completed", """{"type":"response.completed","response":{"id":"resp_2","status":"completed","model":"gpt-4.1","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Salut"}]}],"usage":{"input_tokens":5,"output_tokens":2}}}""");

        var whole = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.Responses, request, NamedSse([.. deltas, completed]), streamed: true, contentType: "text/event-stream"));
        var cut = ConversationNormalizer.Normalize(Of(LlmProviders.OpenAi, LlmEndpoints.Responses, request, NamedSse(deltas), streamed: true, contentType: "text/event-stream"));

        Assert.Equal((ParseStatus.Parsed, "Salut", 2L), (whole.ResponseStatus, whole.ResponseText, whole.Usage!.Output));
        Assert.Equal((ParseStatus.Partial, "Salut"), (cut.ResponseStatus, cut.ResponseText));
        Assert.Contains(cut.ParseErrors, e => e.Contains("response.completed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/v1/chat/completions", "hello", ParseStatus.Parsed)]
    [InlineData("/openai/deployments/gpt/chat/completions?api-version=2024-10-21", "hello", ParseStatus.Parsed)]
    [InlineData("/static/page.html", "", ParseStatus.Unsupported)]
    public void Normalize_ExchangeOfAnOlderCollectorWithoutLlm_IsReadByItsPath(string path, string prompt, ParseStatus status)
    {
        var exchange = Of(LlmProviders.OpenAi, LlmEndpoints.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hello"}]}""", null);
        var older = exchange with { Llm = null, Request = exchange.Request with { Path = path } };

        var conversation = ConversationNormalizer.Normalize(older);

        Assert.Equal((status, prompt), (conversation.RequestStatus, conversation.Prompt));
    }
}
