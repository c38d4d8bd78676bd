using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Jailbreak attempts in the prompt: templates that give the model an unrestricted persona (DAN, AIM, …), a
/// "developer mode", a fiction without rules, two answers, or orders never to refuse (<see cref="JailbreakKinds"/>).
/// Phrase rules backed by the same classifier as <see cref="InjectionDetector"/>, with the same confidence rules;
/// the classifier's own signal for a prompt goes here when the jailbreak phrases are the stronger.
/// </summary>
public sealed class JailbreakDetector : TextDetector
{
    /// <summary>The confidence rules should compare with; the same scale as <see cref="InjectionDetector.DefaultThreshold"/>.</summary>
    public const double DefaultThreshold = InjectionDetector.DefaultThreshold;

    private readonly InjectionAnalyzer _analyzer;

    /// <summary>A detector using the shipped model, loaded on first scan.</summary>
    public JailbreakDetector()
        : this(InjectionAnalyzer.Shared)
    {
    }

    public JailbreakDetector(PromptClassifier classifier)
        : this(InjectionAnalyzer.For(classifier ?? throw new ArgumentNullException(nameof(classifier))))
    {
    }

    internal JailbreakDetector(InjectionAnalyzer analyzer) => _analyzer = analyzer;

    public override string Name => DetectorNames.Jailbreak;

    protected override IReadOnlyList<string> Fields { get; } = [TextFields.Prompt];

    public override void DetectText(string text, string field, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signals);
        if (text.Length == 0)
        {
            return;
        }

        var analysis = _analyzer.Analyze(text);
        var owns = analysis.PhraseScore(DetectorNames.Jailbreak) > analysis.PhraseScore(DetectorNames.Injection);
        analysis.Emit(Name, text, field, owns, signals);
    }
}
