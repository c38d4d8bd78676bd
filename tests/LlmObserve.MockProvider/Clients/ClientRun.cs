namespace LlmObserve.MockProvider.Clients;

/// <summary>What a client is asked to send: the credential, the prompt, and the model (the API's usual one when null).</summary>
public sealed record ClientRequest(string ApiKey, string Prompt, string? Model = null);

/// <summary>One call a client made: the process that made it and the assistant text it got back.</summary>
public sealed record ClientCall(int Pid, bool Streamed, string Text);

/// <summary>
/// A client's run: one non-streamed and one streamed call. <see cref="ExecutablePath"/> is what
/// was started (e.g. /usr/bin/python3); <see cref="RealExecutablePath"/> has the symlinks
/// resolved, as /proc/&lt;pid&gt;/exe shows it to a capture (e.g. /usr/bin/python3.11).
/// </summary>
public sealed record ClientRun(string Client, string ExecutablePath, string RealExecutablePath, IReadOnlyList<ClientCall> Calls)
{
    public ClientCall NonStreamed => Calls.Single(c => !c.Streamed);

    public ClientCall Streamed => Calls.Single(c => c.Streamed);

    /// <summary>The processes that made the calls: one for script clients, one a call for curl.</summary>
    public IReadOnlySet<int> Pids => Calls.Select(c => c.Pid).ToHashSet();
}

/// <summary>The real clients the facade can run.</summary>
public enum LlmClientKind
{
    Curl,
    Python,
    NodeOpenAi,
    NodeAnthropic,
    DotNetOpenAi,
}

/// <summary>A client process failed, timed out or printed something unexpected; the message holds its stderr.</summary>
public sealed class ClientFailedException(string message, Exception? inner = null) : Exception(message, inner);
