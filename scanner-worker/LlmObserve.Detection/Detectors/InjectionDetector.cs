using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Prompt injection in the prompt and in tool results (where indirect injections arrive, planted in documents,
/// emails and web pages): phrase rules (<see cref="InjectionKinds"/>) backed by the trained classifier
/// (<see cref="PromptClassifier"/>). Not the system prompt (the operator's own text) nor the response.
/// </summary>
/// <remarks>
/// Every phrase found gives a signal, its confidence combining the phrase, the classifier and the other phrases
/// (see <see cref="InjectionAnalysis"/>); a phrase that honest text also uses stays under
/// <see cref="DefaultThreshold"/> unless something else supports it. When the classifier alone scores a text at
/// or over the threshold, one <see cref="InjectionKinds.Classifier"/> signal is added, its evidence the
/// highest-scoring window; in the prompt it goes to this detector unless the jailbreak phrases are the stronger.
/// </remarks>
public sealed class InjectionDetector : TextDetector
{
    /// <summary>
    /// The confidence rules should compare with (<c>detect.injection &gt;= 0.5</c>): strong phrases reach it alone,
    /// ambiguous ones with the classifier's support, the classifier alone at a probability of 0.5.
    /// </summary>
    public const double DefaultThreshold = 0.5;

    private readonly InjectionAnalyzer _analyzer;

    /// <summary>A detector using the shipped model, loaded on first scan.</summary>
    public InjectionDetector()
        : this(InjectionAnalyzer.Shared)
    {
    }

    public InjectionDetector(PromptClassifier classifier)
        : this(InjectionAnalyzer.For(classifier ?? throw new ArgumentNullException(nameof(classifier))))
    {
    }

    internal InjectionDetector(InjectionAnalyzer analyzer) => _analyzer = analyzer;

    public override string Name => DetectorNames.Injection;

    protected override IReadOnlyList<string> Fields { get; } = [TextFields.Prompt, TextFields.ToolResults];

    public override void DetectText(string text, string field, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signals);
        if (text.Length == 0)
        {
            return;
        }

        var analysis = _analyzer.Analyze(text);
        var owns = field != TextFields.Prompt
            || analysis.PhraseScore(DetectorNames.Jailbreak) <= analysis.PhraseScore(DetectorNames.Injection);
        analysis.Emit(Name, text, field, owns, signals);
    }
}
