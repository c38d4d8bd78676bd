namespace LlmObserve.Detection.Engine;

/// <summary>
/// One built-in detector. Implementations are stateless (or hold only thread-safe state) and never throw on
/// any input: whatever a client sent, the worker goes on.
/// </summary>
public interface IDetector
{
    /// <summary>The name rules use after <c>detect.</c>, one of <see cref="DetectorNames"/>.</summary>
    string Name { get; }

    void Detect(ScanSubject subject, ICollection<Signal> signals);
}

/// <summary>A detector that looks at text, field by field.</summary>
public abstract class TextDetector : IDetector
{
    public abstract string Name { get; }

    /// <summary>The fields this detector reads; by default the prompt, the system prompt, tool results and the response.</summary>
    protected virtual IReadOnlyList<string> Fields { get; } =
        [TextFields.Prompt, TextFields.System, TextFields.ToolResults, TextFields.Response];

    public void Detect(ScanSubject subject, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(subject);
        foreach (var field in Fields)
        {
            var text = subject.Text(field);
            if (text.Length > 0)
            {
                DetectText(text, field, signals);
            }
        }
    }

    /// <summary>Adds a signal for every finding in <paramref name="text"/>, with offsets into it.</summary>
    public abstract void DetectText(string text, string field, ICollection<Signal> signals);
}
