using System.Reflection;

namespace LlmObserve.Detection.Detectors;

/// <summary>The classifier's verdict on a text: the probability of its highest-scoring window, and where that window is.</summary>
/// <param name="Probability">0 to 1: how likely the window is an injection or jailbreak attempt.</param>
/// <param name="Start">Offset of the window's first token in the text.</param>
/// <param name="Length">From the window's first token to the end of its last one.</param>
public readonly record struct PromptClassifierScore(double Probability, int Start, int Length);

/// <summary>
/// The trained injection/jailbreak classifier (see the trainer's README for data, features and figures). A text is
/// cut into token windows (<see cref="PromptTokenizer.Windows"/>); each window's score is
/// <c>bias + scale · Σ weights / √tokens</c> and the text's probability is the sigmoid of the best window's.
/// Thread-safe and allocation-free per call: one instance serves every scan.
/// </summary>
public sealed class PromptClassifier
{
    /// <summary>The embedded resource the shipped model is read from.</summary>
    public const string ResourceName = "LlmObserve.Detection.Models.injection-classifier.bin";

    /// <summary>Windows longer than this are not supported: the ring of recent tokens lives on the stack.</summary>
    internal const int MaxWindow = 512;

    private static readonly Lazy<PromptClassifier> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PromptClassifierModel _model;

    public PromptClassifier(PromptClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.WindowSize > MaxWindow)
        {
            throw new ArgumentException($"window size {model.WindowSize} is over {MaxWindow}", nameof(model));
        }

        _model = model;
    }

    /// <summary>The shipped model, loaded on first use. A missing or invalid resource throws <see cref="InvalidDataException"/>.</summary>
    public static PromptClassifier Default => Embedded.Value;

    public PromptClassifierModel Model => _model;

    /// <summary>Loads a model from its bytes (<see cref="PromptClassifierModel.Read"/> validates them).</summary>
    public static PromptClassifier Load(ReadOnlySpan<byte> data) => new(PromptClassifierModel.Read(data));

    /// <summary>Scores a text; an empty text (or one with no token) scores 0.</summary>
    public PromptClassifierScore Score(ReadOnlySpan<char> text)
    {
        var size = _model.WindowSize;
        var scorer = new PromptWindowScorer(_model, stackalloc int[size], stackalloc int[size], stackalloc int[size]);
        var tokenizer = new PromptTokenizer(text);
        while (tokenizer.Next(out var token))
        {
            scorer.Add(token);
        }

        return scorer.Finish();
    }

    private static PromptClassifier LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The injection classifier model is missing: no embedded resource '{ResourceName}'.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
