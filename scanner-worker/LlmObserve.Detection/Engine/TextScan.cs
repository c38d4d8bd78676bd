using LlmObserve.Detection.Conversations;

namespace LlmObserve.Detection.Engine;

/// <summary>Builds the conversation for a bare text, scanned as one user prompt (the <c>{"id","text"}</c> input of the scan command).</summary>
public static class TextScan
{
    public static Conversation AsPrompt(string text) => new()
    {
        Messages = [new ConversationMessage(Roles.User, text)],
        RequestStatus = ParseStatus.Parsed,
        ResponseStatus = ParseStatus.Unsupported,
    };
}
