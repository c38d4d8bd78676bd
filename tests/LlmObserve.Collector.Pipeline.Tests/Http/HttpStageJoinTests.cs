using System.Text;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Tests.Support;
using LlmObserve.Contracts.Capture;
using static LlmObserve.Collector.Pipeline.Tests.Support.HttpBytes;

namespace LlmObserve.Collector.Pipeline.Tests.Http;

/// <summary>
/// A collector (re)started while clients are mid-call: TLS connections are announced at the first call the
/// new collector sees, which may be in the middle of a message. Within the join window such a connection is
/// read from its next message, not muted for good (found by the fault-injection suite: every keep-alive
/// connection busy at a collector restart was lost for the rest of its life).
/// </summary>
public sealed class HttpStageJoinTests
{
    private static readonly byte[] Request = JsonPost("/v1/chat/completions", "api.openai.com", """{"model":"gpt-4o","messages":[]}""");

    [Theory]
    [InlineData(StreamDirection.Ingress, "\"finish_reason\":\"stop\"}]}")] // the tail of a response body being read
    [InlineData(StreamDirection.Egress, "{\"model\":\"gpt-4o\",\"messages\":[]}")] // a request body written after its head
    public void ConnectionJoinedMidMessage_IsReadFromItsNextExchange(StreamDirection direction, string tail)
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();

        harness.Connection.Open().Write(direction, Encoding.UTF8.GetBytes(tail));
        if (direction == StreamDirection.Egress)
        {
            harness.Connection.Receive(JsonOk("\"answer to the call in flight\""));
        }

        harness.Connection.Send(Request).Receive(JsonOk("\"next\""));

        Assert.Empty(harness.Control.Muted);
        Assert.Equal("\"next\"", Encoding.UTF8.GetString(harness.Single.ResponseBody!.Content.Span));
        Assert.True(drops.Dropped(DropReasons.HttpStage, DropReasons.Resync) > 0);
    }

    [Fact]
    public void JoinedChunkHoldingAMessageStartInItsMiddle_IsSkippedWhole()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();

        // The tail of one response body and, in the same read, nothing that may be taken for a message start.
        harness.Connection.Open().Receive(Encoding.UTF8.GetBytes("tail of a body\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        harness.Connection.Send(Request).Receive(JsonOk("\"next\""));

        Assert.Empty(harness.Control.Muted);
        Assert.Equal("\"next\"", Encoding.UTF8.GetString(harness.Single.ResponseBody!.Content.Span));
    }

    [Fact]
    public void PlaintextSocketStartingMidMessage_IsMutedAtOnce_SocketsAreAnnouncedAtConnect()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();
        var socket = new ConnectionFeeder(harness.Stage, 7, CaptureSource.PlaintextSocket);

        socket.Open().Send(Encoding.UTF8.GetBytes("{\"model\":\"llama3\"}"));

        Assert.Equal([7UL], harness.Control.Muted);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.NotHttp));
    }

    [Fact]
    public void NotHttpWithinTheJoinWindow_IsMutedOnceTheResyncLimitIsPassed()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(new HttpStageOptions { MaxResyncBytes = 4096 });
        var garbage = new byte[1000];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0x17; // a TLS application-data record: not a message start, not printable

        harness.Connection.Open();
        for (var i = 0; i < 10; i++)
        {
            harness.Connection.Send(garbage);
        }

        Assert.Equal([1UL], harness.Control.Muted);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.NoSync));
    }

    [Fact]
    public void AfterTheJoinWindow_ANewConnectionStartingMidMessage_IsMutedAtOnce()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(new HttpStageOptions { JoinWindow = TimeSpan.FromMinutes(1) });
        harness.Connection.Open().Send(Request).Receive(JsonOk("{}"));
        var later = harness.NewConnection(2);
        later.Now = harness.Connection.Now.AddMinutes(2);
        harness.Connection.Now = later.Now;
        harness.Connection.Send(Request).Receive(JsonOk("{}")); // the stage's clock moves on

        later.Open().Send(Encoding.UTF8.GetBytes("{\"model\":\"gpt-4o\"}"));

        Assert.Equal([2UL], harness.Control.Muted);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.NotHttp));
    }
}
