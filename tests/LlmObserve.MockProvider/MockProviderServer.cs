using System.Collections.Concurrent;
using System.Net;
using LlmObserve.MockProvider.Handlers;
using LlmObserve.MockProvider.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.MockProvider;

/// <summary>
/// Our local stand-in for LLM providers: Kestrel on 127.0.0.1 with one port per provider, so
/// each looks like its own endpoint. OpenAI and Anthropic speak HTTPS with a certificate from a
/// test CA made at start; Ollama and vLLM speak plain HTTP. Every port also serves a non-LLM
/// page and JSON API. Answers are deterministic (<see cref="Replies.MockReplies"/>), and every
/// request is recorded in <see cref="Requests"/>.
/// </summary>
public sealed class MockProviderServer : IAsyncDisposable
{
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
    public const string Ollama = "ollama";
    public const string Vllm = "vllm";

    private readonly WebApplication _app;
    private readonly RequestRecorder _recorder;
    private readonly string? _ownedDirectory;

    private MockProviderServer(WebApplication app, RequestRecorder recorder, TestCertificateAuthority ca, string pemPath, string? ownedDirectory, IReadOnlyDictionary<string, int> ports)
    {
        _app = app;
        _recorder = recorder;
        _ownedDirectory = ownedDirectory;
        CertificateAuthority = ca;
        CaCertificatePemPath = pemPath;
        OpenAiHttpsPort = ports[OpenAi];
        AnthropicHttpsPort = ports[Anthropic];
        OllamaHttpPort = ports[Ollama];
        VllmHttpPort = ports[Vllm];
    }

    public int OpenAiHttpsPort { get; }

    public int AnthropicHttpsPort { get; }

    public int OllamaHttpPort { get; }

    public int VllmHttpPort { get; }

    public TestCertificateAuthority CertificateAuthority { get; }

    /// <summary>The test CA as a PEM file: curl --cacert, Python cafile, NODE_EXTRA_CA_CERTS.</summary>
    public string CaCertificatePemPath { get; }

    /// <summary>Every request received so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _recorder.Snapshot();

    public static async Task<MockProviderServer> StartAsync(MockProviderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MockProviderOptions();
        var ownedDirectory = options.CertificateDirectory is null ? Directory.CreateTempSubdirectory("llmobserve-mock-").FullName : null;
        var ca = TestCertificateAuthority.Create();
        var pemPath = Path.Combine(options.CertificateDirectory ?? ownedDirectory!, "mock-provider-ca.pem");
        ca.WriteCaPem(pemPath);

        var recorder = new RequestRecorder();
        var listeners = new Dictionary<string, ListenOptions>(StringComparer.Ordinal);
        // The empty builder reads no appsettings or ASPNETCORE_* variables, so nothing in the test's
        // environment can add endpoints or logging to the mock.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddRouting();
        builder.Services.AddSingleton(options);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, https => Https(https, OpenAi));
            kestrel.Listen(IPAddress.Loopback, 0, https => Https(https, Anthropic));
            kestrel.Listen(IPAddress.Loopback, 0, http => listeners[Ollama] = http);
            kestrel.Listen(IPAddress.Loopback, 0, http => listeners[Vllm] = http);
        });

        void Https(ListenOptions listen, string provider)
        {
            listen.Protocols = options.HttpsProtocols;
            listen.UseHttps(ca.ServerCertificate);
            listeners[provider] = listen;
        }

        var app = builder.Build();
        // Filled once Kestrel has bound the ports; read by request threads.
        var providerByPort = new ConcurrentDictionary<int, string>();
        app.Use((context, next) => recorder.RecordAsync(context, providerByPort.GetValueOrDefault(context.Connection.LocalPort, "unknown"), next));
        app.UseRouting();
        app.Use((context, next) => ServedHere(context) ? next(context) : NotFound(context));
        MapEndpoints(app);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            ca.Dispose();
            if (ownedDirectory is not null)
            {
                Directory.Delete(ownedDirectory, recursive: true);
            }

            throw;
        }

        // Kestrel writes the bound port back into each ListenOptions once it listens.
        var ports = listeners.ToDictionary(l => l.Key, l => l.Value.IPEndPoint!.Port, StringComparer.Ordinal);
        foreach (var (provider, port) in ports)
        {
            providerByPort[port] = provider;
        }

        return new MockProviderServer(app, recorder, ca, pemPath, ownedDirectory, ports);
    }

    /// <summary>Where the API is served: scheme, 127.0.0.1 and the provider's port, no path.</summary>
    public Uri BaseUri(MockApi api) => new($"{(api.IsHttps() ? "https" : "http")}://127.0.0.1:{Port(api)}");

    /// <summary>The full URL of the API's endpoint, e.g. https://127.0.0.1:port/v1/messages.</summary>
    public Uri EndpointUri(MockApi api) => new(BaseUri(api), api.Path());

    public int Port(MockApi api) => api switch
    {
        MockApi.OpenAiChat or MockApi.OpenAiResponses => OpenAiHttpsPort,
        MockApi.AnthropicMessages => AnthropicHttpsPort,
        MockApi.OllamaChat => OllamaHttpPort,
        MockApi.VllmChat => VllmHttpPort,
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, message: null),
    };

    public void ClearRequests() => _recorder.Clear();

    /// <summary>A handler that trusts exactly the test CA, no proxy, no automatic decompression.</summary>
    public HttpMessageHandler CreateHttpHandler() => new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        SslOptions = { RemoteCertificateValidationCallback = CertificateAuthority.ValidateServerCertificate },
    };

    public HttpClient CreateHttpClient(MockApi api) => new(CreateHttpHandler()) { BaseAddress = BaseUri(api) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        CertificateAuthority.Dispose();
        if (_ownedDirectory is not null)
        {
            Directory.Delete(_ownedDirectory, recursive: true);
        }
    }

    private static void MapEndpoints(WebApplication app)
    {
        // vLLM's path equals OpenAI's; the port tells them apart.
        app.MapPost(MockApi.OpenAiChat.Path(), OpenAiChatHandlers.HandleAsync).WithMetadata(new ServedBy(OpenAi, Vllm));
        app.MapPost(MockApi.OpenAiResponses.Path(), OpenAiResponsesHandlers.HandleAsync).WithMetadata(new ServedBy(OpenAi));
        app.MapPost(MockApi.AnthropicMessages.Path(), AnthropicHandlers.HandleAsync).WithMetadata(new ServedBy(Anthropic));
        app.MapPost(MockApi.OllamaChat.Path(), OllamaHandlers.HandleAsync).WithMetadata(new ServedBy(Ollama));
        app.MapGet(NonLlmHandlers.PagePath, NonLlmHandlers.PageAsync);
        app.MapPost(NonLlmHandlers.OrdersPath, NonLlmHandlers.OrdersAsync);
    }

    /// <summary>An LLM endpoint answers only on its provider's ports, like a real provider's host.</summary>
    private static bool ServedHere(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ServedBy>() is not { } servedBy
        || servedBy.Providers.Contains(RequestRecorder.ProviderOf(context), StringComparer.Ordinal);

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private sealed class ServedBy(params string[] providers)
    {
        public IReadOnlyList<string> Providers { get; } = providers;
    }
}
