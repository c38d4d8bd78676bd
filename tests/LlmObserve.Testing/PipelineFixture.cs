namespace LlmObserve.Testing;

/// <summary>
/// A database and a virtual host of their own, with ingest-api (and optionally a scanner worker)
/// running in-process against them. Unavailable infrastructure is remembered, not thrown, so each
/// test can skip (or, under CI, fail) with the reason: call <see cref="Require"/> first.
/// </summary>
public class PipelineFixture : IAsyncLifetime
{
    private string? _unavailable;

    /// <summary>Also runs a scanner worker in-process.</summary>
    protected virtual bool WithScannerWorker => false;

    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public InProcessHost IngestApi { get; private set; } = null!;

    public InProcessHost? ScannerWorker { get; private set; }

    public CollectorClient Collector => new(IngestApi.Client);

    public async ValueTask InitializeAsync()
    {
        try
        {
            Database = await TestDatabase.CreateAsync();
            VirtualHost = await TestVirtualHost.CreateAsync();
            IngestApi = await InProcessHost.StartIngestApiAsync(Database, VirtualHost.AmqpUri);
            if (WithScannerWorker)
            {
                ScannerWorker = await InProcessHost.StartScannerWorkerAsync(Database, VirtualHost.AmqpUri);
            }
        }
        catch (InfrastructureUnavailableException e)
        {
            _unavailable = e.Message;
        }
    }

    /// <summary>Skips the test (fails it under CI) when the infrastructure is missing.</summary>
    public PipelineFixture Require()
    {
        if (_unavailable is not null)
        {
            TestEnvironment.Unavailable(_unavailable);
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (ScannerWorker is not null)
        {
            await ScannerWorker.DisposeAsync();
        }

        if (IngestApi is not null)
        {
            await IngestApi.DisposeAsync();
        }

        if (VirtualHost is not null)
        {
            await VirtualHost.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>The whole pipeline in-process: ingest-api and one scanner worker.</summary>
public sealed class FullPipelineFixture : PipelineFixture
{
    protected override bool WithScannerWorker => true;
}
