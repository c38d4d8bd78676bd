using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;

[assembly: AssemblyFixture(typeof(LlmObserve.MockProvider.Tests.MockProviderFixture))]

namespace LlmObserve.MockProvider.Tests;

/// <summary>One mock server for the whole run, as the capture tests use it: requests are told apart by their unique prompts.</summary>
public sealed class MockProviderFixture : IAsyncLifetime
{
    private MockProviderServer? _server;

    public MockProviderServer Server => _server ?? throw new InvalidOperationException("The mock provider has not started.");

    public LlmClients Clients => new(Server);

    public async ValueTask InitializeAsync() => _server = await MockProviderServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A prompt no other test sends, so this test finds its own recorded requests.</summary>
    public static string UniquePrompt(string about) => $"{about} (test {Guid.NewGuid():N})";

    public IReadOnlyList<RecordedRequest> RequestsWith(string prompt) =>
        [.. Server.Requests.Where(r => r.Body.Contains(prompt, StringComparison.Ordinal))];
}
