using System.Text.Json;

namespace LlmObserve.MockProvider.Clients;

/// <summary>
/// Runs real LLM clients against a <see cref="MockProviderServer"/>, each making one
/// non-streamed and one streamed call: curl, Debian's Python (standard library), Node with the
/// official OpenAI and Anthropic SDKs (each its own process), and the OpenAI .NET SDK in-process.
/// </summary>
public sealed class LlmClients(MockProviderServer server)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    public Task<ClientRun> RunAsync(LlmClientKind client, MockApi api, ClientRequest request, CancellationToken cancellationToken = default) => client switch
    {
        LlmClientKind.Curl => CurlAsync(api, request, cancellationToken),
        LlmClientKind.Python => PythonAsync(api, request, cancellationToken),
        LlmClientKind.NodeOpenAi => NodeOpenAiAsync(api, request, cancellationToken),
        LlmClientKind.NodeAnthropic => NodeAnthropicAsync(request, cancellationToken),
        LlmClientKind.DotNetOpenAi => DotNetOpenAiClient.RunAsync(server, request, api, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, message: null),
    };

    /// <summary>curl with raw JSON bodies, one process a call (the streamed one with -N); any <see cref="MockApi"/>.</summary>
    public async Task<ClientRun> CurlAsync(MockApi api, ClientRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model ?? api.DefaultModel();
        var headers = ClientWire.Headers(api, request.ApiKey);
        var calls = new List<ClientCall>();
        foreach (var stream in new[] { false, true })
        {
            var body = ClientWire.RequestBody(api, model, request.Prompt, stream);
            var result = await CurlRequestAsync(HttpMethod.Post, server.EndpointUri(api), body, headers, stream, cancellationToken);
            calls.Add(new ClientCall(result.Pid, stream, Decode(api, stream, result)));
        }

        return new ClientRun("curl", ClientPaths.Curl, ClientPaths.RealPath(ClientPaths.Curl), calls);
    }

    /// <summary>
    /// One curl request of any kind (e.g. the non-LLM <c>/static/page.html</c> or <c>/api/orders</c>);
    /// the text is the response body as curl printed it.
    /// </summary>
    public async Task<ClientCall> CurlRequestAsync(
        HttpMethod method,
        Uri url,
        string? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        bool streamed = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        List<string> args = ["-sS", "--fail-with-body", "--noproxy", "*", "-X", method.Method];
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            args.AddRange(["--cacert", server.CaCertificatePemPath]);
        }

        if (streamed)
        {
            args.Add("-N"); // no output buffering: curl prints each piece as it arrives
        }

        foreach (var (name, value) in headers ?? [])
        {
            args.AddRange(["-H", $"{name}: {value}"]);
        }

        if (body is not null)
        {
            args.AddRange(["-H", "Content-Type: application/json", "--data-binary", body]);
        }

        args.Add(url.AbsoluteUri);
        var result = await ClientProcess.RunAsync(ClientPaths.RequireExecutable(ClientPaths.Curl, "curl"), args, environment: null, Timeout, cancellationToken);
        return new ClientCall(result.Pid, streamed, result.StandardOutput);
    }

    /// <summary>Debian's /usr/bin/python3 with http.client only (tests/clients/python/llm_client.py); any <see cref="MockApi"/>.</summary>
    public Task<ClientRun> PythonAsync(MockApi api, ClientRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var python = ClientPaths.RequireExecutable(ClientPaths.Python, "python3");
        // -I: isolated from PYTHON* variables and the user's site-packages.
        List<string> args = ["-I", ClientPaths.PythonScript, "--api", ScriptApiName(api), .. CommonArguments(api, request), "--cafile", server.CaCertificatePemPath];
        return RunScriptAsync("python", python, args, environment: null, cancellationToken);
    }

    /// <summary>The official <c>openai</c> npm SDK: chat completions (OpenAI or vLLM port) or the responses API.</summary>
    public Task<ClientRun> NodeOpenAiAsync(MockApi api, ClientRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var script = ClientPaths.RequireNodeScript("openai_client.mjs");
        var sdkApi = api switch
        {
            MockApi.OpenAiChat or MockApi.VllmChat => "chat",
            MockApi.OpenAiResponses => "responses",
            _ => throw new ArgumentException($"The OpenAI SDK does not speak {api}.", nameof(api)),
        };
        return RunNodeAsync("node-openai", script, ["--api", sdkApi, .. CommonArguments(api, request)], cancellationToken);
    }

    /// <summary>The official <c>@anthropic-ai/sdk</c> npm SDK against the Anthropic port.</summary>
    public Task<ClientRun> NodeAnthropicAsync(ClientRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var script = ClientPaths.RequireNodeScript("anthropic_client.mjs");
        return RunNodeAsync("node-anthropic", script, CommonArguments(MockApi.AnthropicMessages, request), cancellationToken);
    }

    private Task<ClientRun> RunNodeAsync(string client, string script, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        // Node adds this file to its default CA store, which the SDKs' fetch (undici) uses.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["NODE_EXTRA_CA_CERTS"] = server.CaCertificatePemPath };
        return RunScriptAsync(client, ClientPaths.Node, [script, .. args], environment, cancellationToken);
    }

    private List<string> CommonArguments(MockApi api, ClientRequest request) =>
        ["--base-url", server.BaseUri(api).AbsoluteUri, "--api-key", request.ApiKey, "--prompt", request.Prompt, "--model", request.Model ?? api.DefaultModel()];

    /// <summary>Runs a script client and reads its JSON lines: {"pid", "streamed", "text"} per call.</summary>
    private async Task<ClientRun> RunScriptAsync(string client, string executable, List<string> args, Dictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var result = await ClientProcess.RunAsync(executable, args, environment, Timeout, cancellationToken);
        var calls = new List<ClientCall>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                calls.Add(new ClientCall(root.GetProperty("pid").GetInt32(), root.GetProperty("streamed").GetBoolean(), root.GetProperty("text").GetString()!));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ClientFailedException(ClientProcess.Describe($"printed a line that is not a call result ({e.Message})", executable, result.StandardOutput, result.StandardError), e);
            }
        }

        if (calls.Count != 2)
        {
            throw new ClientFailedException(ClientProcess.Describe($"reported {calls.Count} calls instead of 2", executable, result.StandardOutput, result.StandardError));
        }

        return new ClientRun(client, executable, ClientPaths.RealPath(executable), calls);
    }

    private static string Decode(MockApi api, bool stream, ClientCall call)
    {
        try
        {
            return stream ? ClientWire.StreamedText(api, call.Text) : ClientWire.WholeText(api, call.Text);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new ClientFailedException($"curl got a {api} response that does not decode ({e.Message}):\n{call.Text}", e);
        }
    }

    private static string ScriptApiName(MockApi api) => api switch
    {
        MockApi.OpenAiChat => "openai-chat",
        MockApi.OpenAiResponses => "openai-responses",
        MockApi.AnthropicMessages => "anthropic",
        MockApi.OllamaChat => "ollama",
        MockApi.VllmChat => "vllm",
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, message: null),
    };
}
