using System.Net.Http.Headers;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LlmObserve.Testing;

/// <summary>A RabbitMQ virtual host of its own for one test run, deleted at the end.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private TestVirtualHost(HttpClient management, Uri amqpUri, string name)
    {
        _management = management;
        Name = name;
        AmqpUri = amqpUri;
    }

    public string Name { get; }

    /// <summary>amqp://user:password@host:port/vhost</summary>
    public Uri AmqpUri { get; }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var amqp = new Uri(TestEnvironment.Require("LLMOBSERVE_TEST_RABBITMQ"));
        var managementUri = new Uri(TestEnvironment.Require("LLMOBSERVE_TEST_RABBITMQ_MANAGEMENT"));
        var management = new HttpClient { BaseAddress = new Uri(managementUri.GetLeftPart(UriPartial.Authority)) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(managementUri.UserInfo))));

        var name = $"llmo-test-{Guid.NewGuid():N}";
        var user = Uri.UnescapeDataString(amqp.UserInfo.Split(':')[0]);
        try
        {
            (await management.PutAsync(new Uri($"api/vhosts/{name}", UriKind.Relative), Json("{}"))).EnsureSuccessStatusCode();
            (await management.PutAsync(new Uri($"api/permissions/{name}/{Uri.EscapeDataString(user)}", UriKind.Relative),
                Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            management.Dispose();
            throw new InfrastructureUnavailableException($"RabbitMQ management API at LLMOBSERVE_TEST_RABBITMQ_MANAGEMENT does not answer: {e.Message}", e);
        }

        return new TestVirtualHost(management, new Uri(amqp, name), name);
    }

    /// <summary>Messages ready in a queue right now (0 when the queue does not exist).</summary>
    public async Task<uint> QueueDepthAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync(new Uri($"api/vhosts/{Name}", UriKind.Relative));
        _management.Dispose();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
