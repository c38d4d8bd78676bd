using LlmObserve.MockProvider.Clients;

namespace LlmObserve.MockProvider.Tests;

public sealed class ClientPathsTests
{
    [Fact]
    public void RequireNodeScript_NodeModulesMissing_SaysWhichCommandInstallsThem()
    {
        var empty = Directory.CreateTempSubdirectory("llmobserve-no-node-modules-");
        try
        {
            var error = Assert.Throws<ClientFailedException>(() => ClientPaths.RequireNodeScript(empty.FullName, "openai_client.mjs"));

            Assert.Contains("npm ci --prefix tests/clients/node", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void ClientsDirectory_OfThisCheckout_HoldsTheScripts()
    {
        Assert.True(File.Exists(ClientPaths.PythonScript));
        Assert.True(File.Exists(Path.Combine(ClientPaths.NodeDirectory, "package-lock.json")));
    }
}
