using System.Net.Http.Headers;
using System.Text;
using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;

namespace LlmObserve.Collector.Tests.Capture;

/// <summary>Restarts, bursts and a backend outage: nothing lost, running clients unharmed.</summary>
[Collection(CaptureGroup.Name)]
public sealed class CaptureResilienceTests(CaptureFixture fixture)
{
    private readonly CaptureFixture _f = fixture.Require();

    [Fact]
    public async Task CollectorRestart_LeavesARunningClientUnharmed_AndCapturesItsNextCall()
    {
        using var http = _f.Mock.CreateHttpClient(MockApi.OpenAiChat); // one keep-alive connection across the restart
        var before = Markers.New();
        await CallAsync(http, before);
        await _f.WaitForExchangesAsync(before, 1);

        await _f.Collector.RestartAsync();

        var after = Markers.New();
        await CallAsync(http, after); // the client keeps working on its open connection
        var stored = Assert.Single(await _f.WaitForExchangesAsync(after, 1));
        Assert.Equal(Environment.ProcessId, stored.Summary.Workload.Pid);
        Assert.Contains(after, stored.Response!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BurstOfTwoThousandExchangesInFiveSeconds_IsShippedWithoutDrops()
    {
        const int total = 2000;
        var marker = Markers.New();
        using var http = _f.Mock.CreateHttpClient(MockApi.OpenAiChat);
        var next = -1;
        var started = DateTime.UtcNow;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                // Paced to finish in 5 s: 400 exchanges per second.
                var due = started + TimeSpan.FromSeconds(5.0 * i / total);
                if (due > DateTime.UtcNow)
                {
                    await Task.Delay(due - DateTime.UtcNow, TestContext.Current.CancellationToken);
                }

                await CallAsync(http, $"{marker} {i}");
            }
        });
        await Task.WhenAll(workers);
        var elapsed = DateTime.UtcNow - started;

        await _f.WaitForCountAsync(marker, total, TimeSpan.FromSeconds(90));
        Assert.Equal(total, await _f.CountAsync(marker));
        Assert.InRange(elapsed.TotalSeconds, 4.5, 8);
    }

    [Fact]
    public async Task IngestDownForTwoMinutes_ExchangesAreSpooledAndDeliveredWhenItReturns()
    {
        var marker = Markers.New();
        using var http = _f.Mock.CreateHttpClient(MockApi.OpenAiChat);
        _f.Ingest.Down();
        var spooled = false;
        try
        {
            var outage = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            var sent = 0;
            while (DateTime.UtcNow < outage)
            {
                for (var i = 0; i < 5; i++)
                {
                    await CallAsync(http, $"{marker} {sent++}");
                }

                await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
                spooled |= Directory.EnumerateFiles(Path.Combine(_f.Collector.StateDirectory, "spool"), "*", SearchOption.AllDirectories).Any();
            }

            Assert.Equal(0, await _f.CountAsync(marker));
            Assert.True(spooled, "nothing was spooled to disk while ingest-api was down");

            _f.Ingest.Up();
            await _f.WaitForCountAsync(marker, sent, TimeSpan.FromSeconds(90));
            Assert.Equal(sent, await _f.CountAsync(marker));
        }
        finally
        {
            _f.Ingest.Up();
        }
    }

    private static async Task CallAsync(HttpClient http, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, MockApi.OpenAiChat.Path())
        {
            Content = new StringContent(ClientWire.RequestBody(MockApi.OpenAiChat, "gpt-4o-mini", prompt, stream: false), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-burst");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
