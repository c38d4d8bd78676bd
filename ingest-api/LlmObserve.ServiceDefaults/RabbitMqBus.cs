using System.ComponentModel.DataAnnotations;
using LlmObserve.Contracts.Messages;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace LlmObserve.ServiceDefaults;

public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>amqp://user:password@host:port/vhost</summary>
    [Required]
    public Uri? Uri { get; set; }
}

public static class RabbitMqBus
{
    /// <summary>Connects the bus to the configured broker, with publisher confirms (MassTransit's default, kept explicit).</summary>
    public static void ConfigureLlmObserveHost(this IRabbitMqBusFactoryConfigurator cfg, IConfiguration configuration)
    {
        var options = configuration.GetValidated<RabbitMqOptions>(RabbitMqOptions.Section);
        cfg.Host(options.Uri, h =>
        {
            h.PublisherConfirmation = true;
            h.Heartbeat(TimeSpan.FromSeconds(10));
        });
    }

    /// <summary>
    /// The scan queue's declaration, shared by the publisher's binding and the consumer's endpoint
    /// (the broker refuses a second declaration with other arguments). Quorum: replicated and
    /// durable, and messages survive a broker restart.
    /// </summary>
    public static void ConfigureScanQueue(IRabbitMqQueueConfigurator queue)
    {
        queue.Durable = true;
        queue.AutoDelete = false;
        queue.SetQuorumQueue();
    }

    /// <summary>
    /// Binds the scan queue straight to <see cref="ExchangesCaptured"/>'s exchange on the
    /// publishing side, so a batch accepted before any scanner worker started is queued rather than
    /// dropped. The worker adds its own path (message exchange → endpoint exchange → queue); the
    /// broker still puts one copy in the queue, as it routes to the set of matching queues.
    /// </summary>
    public static void BindScanQueueOnPublish(this IRabbitMqBusFactoryConfigurator cfg) =>
        cfg.Publish<ExchangesCaptured>(p => p.BindQueue(p.Exchange.ExchangeName, BusTopology.ScanQueue, q => ConfigureScanQueue(q)));
}
