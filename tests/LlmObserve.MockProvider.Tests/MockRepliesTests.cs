using LlmObserve.MockProvider.Replies;

namespace LlmObserve.MockProvider.Tests;

public sealed class MockRepliesTests
{
    [Fact]
    public void ReplyTo_LongPrompt_EchoesItsFirst200Characters()
    {
        var prompt = new string('x', 150) + new string('y', 100);

        var reply = MockReplies.ReplyTo(prompt);

        Assert.Equal($"Mock reply to: {prompt[..200]}. {MockReplies.FixedSentence}", reply);
    }

    [Fact]
    public void ReplyTo_SurrogatePairAtTheCut_KeepsTheTextValid()
    {
        var prompt = new string('a', 199) + "😀tail";

        var reply = MockReplies.ReplyTo(prompt);

        Assert.Equal($"Mock reply to: {new string('a', 199)}. {MockReplies.FixedSentence}", reply);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hi")]
    [InlineData("  spaced   out\nprompt  ")]
    public void Pieces_AnyReply_AreManyNonEmptyAndRebuildTheText(string prompt)
    {
        var reply = MockReplies.ReplyTo(prompt);

        var pieces = MockReplies.Pieces(reply);

        Assert.True(pieces.Count >= 5, $"{pieces.Count} pieces");
        Assert.Equal("Mock", pieces[0]);
        Assert.All(pieces, p => Assert.NotEmpty(p));
        Assert.Equal(reply, string.Concat(pieces));
    }
}
