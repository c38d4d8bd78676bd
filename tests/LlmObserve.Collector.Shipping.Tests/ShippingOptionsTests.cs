using Microsoft.Extensions.Options;

namespace LlmObserve.Collector.Shipping.Tests;

public sealed class ShippingOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new ShippingOptions();

        Assert.Equal("/var/lib/llmobserve-collector", options.StateDirectory);
        Assert.Equal((500, TimeSpan.FromSeconds(1), 4L << 20, 256L << 20), (options.MaxExchangesPerBatch, options.MaxBatchDelay, options.MaxBatchBytes, options.SpoolCapBytes));
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30)), (options.RetryBackoffMin, options.RetryBackoffMax));
        Assert.Equal((TimeSpan.FromSeconds(15), 10_000), (options.HeartbeatInterval, options.QueueCapacity));
        Assert.False(string.IsNullOrWhiteSpace(options.KernelVersion));
        Assert.False(string.IsNullOrWhiteSpace(options.CollectorVersion));
    }

    [Fact]
    public void Validate_BadSettings_NamesEachKeyAndWhy()
    {
        var options = new ShippingOptions
        {
            IngestUrl = new Uri("ftp://ingest.example.com/"),
            StateDirectory = "relative/state",
            MaxExchangesPerBatch = 5000,
            MaxBatchBytes = 64L << 20,
            RetryBackoffMin = TimeSpan.FromSeconds(5),
            RetryBackoffMax = TimeSpan.FromSeconds(1),
            QueueCapacity = 0,
        };

        var error = Assert.Throws<OptionsValidationException>(options.Validate);

        Assert.Equal(6, error.Failures.Count());
        foreach (var key in new[] { "IngestUrl", "StateDirectory", "MaxExchangesPerBatch", "MaxBatchBytes", "RetryBackoffMax", "QueueCapacity" })
        {
            Assert.Contains($"Shipping:{key} must", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("the backend's limit (got 5000)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_GoodSettings_Succeeds()
    {
        var options = new ShippingOptions { IngestUrl = new Uri("https://ingest.example.com/") };

        Assert.True(new ShippingOptionsValidator().Validate(null, options).Succeeded);
    }
}
