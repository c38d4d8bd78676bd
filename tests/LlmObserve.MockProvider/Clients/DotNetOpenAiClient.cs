using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace LlmObserve.MockProvider.Clients;

/// <summary>
/// The official OpenAI .NET SDK pointed at the mock, in this process: its own endpoint, and a
/// transport whose HttpClient trusts exactly the test CA. .NET's SslStream reaches libssl.so.3
/// at run time, so the capture sees this process like any other OpenSSL client.
/// </summary>
public static class DotNetOpenAiClient
{
    /// <summary>
    /// A ChatClient for the mock's OpenAI (or vLLM) port. The caller owns <paramref name="http"/>
    /// (the SDK does not dispose it); use <see cref="MockProviderServer.CreateHttpHandler"/> for it.
    /// </summary>
    public static ChatClient CreateChatClient(MockProviderServer server, HttpClient http, string apiKey, string? model = null, MockApi api = MockApi.OpenAiChat)
    {
        ArgumentNullException.ThrowIfNull(server);
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(server.BaseUri(api), "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // a test wants the first failure
        };
        return new ChatClient(model ?? api.DefaultModel(), new ApiKeyCredential(apiKey), options);
    }

    /// <summary>One non-streamed CompleteChatAsync and one streamed CompleteChatStreamingAsync.</summary>
    public static async Task<ClientRun> RunAsync(MockProviderServer server, ClientRequest request, MockApi api = MockApi.OpenAiChat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(request);
        using var http = new HttpClient(server.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(60) };
        var chat = CreateChatClient(server, http, request.ApiKey, request.Model, api);
        ChatMessage[] messages = [new UserChatMessage(request.Prompt)];
        var pid = Environment.ProcessId;

        ChatCompletion completion = await chat.CompleteChatAsync(messages, cancellationToken: cancellationToken);
        var whole = string.Concat(completion.Content.Select(part => part.Text));

        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, cancellationToken: cancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        var executable = Environment.ProcessPath ?? "dotnet";
        return new ClientRun("dotnet-openai", executable, ClientPaths.RealPath(executable), [new(pid, false, whole), new(pid, true, streamed.ToString())]);
    }
}
