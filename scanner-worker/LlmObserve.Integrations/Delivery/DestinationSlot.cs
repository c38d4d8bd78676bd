using LlmObserve.Data.Entities;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// One destination as this worker tracks it: its delivery run (at most one at a time) and its
/// sender, kept between runs so its connection is reused, and replaced when the destination's
/// address, format, secret or CA changes. Touched by the dispatcher's poll loop and by the one
/// run in progress, never by two runs at once.
/// </summary>
internal sealed class DestinationSlot(Guid id, Guid tenantId) : IAsyncDisposable
{
    private IDestinationSender? _sender;
    private SenderConfig? _config;

    public Guid Id { get; } = id;

    public Guid TenantId { get; } = tenantId;

    /// <summary>The delivery run in progress, or the last one (completed).</summary>
    public Task? Running { get; set; }

    /// <summary>When the position was last moved past findings the destination filters out.</summary>
    public DateTimeOffset SkippedSavedAt { get; set; }

    /// <summary>The misconfiguration already logged, so it is logged once and not every poll.</summary>
    public string? LoggedError { get; set; }

    /// <exception cref="ArgumentException">The destination's stored configuration is not valid.</exception>
    public async ValueTask<IDestinationSender> SenderForAsync(Destination destination, TimeSpan timeout, TimeProvider clock, DestinationNetworks networks)
    {
        var config = new SenderConfig(destination.Kind, destination.Format, destination.Url, destination.SigningSecret, destination.CaCertificate);
        if (_sender is not null && config == _config)
        {
            return _sender;
        }

        await DisposeAsync();
        _sender = DestinationSenders.Create(destination, timeout, clock, networks);
        _config = config;
        return _sender;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sender is not null)
        {
            await _sender.DisposeAsync();
            _sender = null;
            _config = null;
        }
    }

    private sealed record SenderConfig(string Kind, string Format, string Url, string? Secret, string? CaCertificate);
}
