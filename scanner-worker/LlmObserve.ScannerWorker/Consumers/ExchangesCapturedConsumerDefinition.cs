using LlmObserve.Contracts.Messages;
using LlmObserve.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LlmObserve.ScannerWorker.Consumers;

/// <summary>
/// Where and how the consumer runs: on the shared quorum scan queue (workers compete on it),
/// with bounded concurrency, and with retries that ride out a database restart. A message that
/// still fails goes to the queue's <c>_error</c> queue, where it is kept, not dropped.
/// </summary>
public sealed class ExchangesCapturedConsumerDefinition : ConsumerDefinition<ExchangesCapturedConsumer>
{
    private readonly ScannerOptions _options;

    public ExchangesCapturedConsumerDefinition(IOptions<ScannerOptions> options)
    {
        _options = options.Value;
        EndpointName = BusTopology.ScanQueue;
        ConcurrentMessageLimit = _options.ConcurrentMessages;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ExchangesCapturedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            RabbitMqBus.ConfigureScanQueue(rabbit);
            rabbit.PrefetchCount = _options.Prefetch;
        }

        // About two minutes in all: long enough for PostgreSQL to restart.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
    }
}
