namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Scores the windows of a text as its tokens stream by, keeping only the last window's tokens (in spans the
/// caller allocates, on the stack): the running sum of their quantized weights and their spans. Windows are
/// those of <see cref="PromptTokenizer.Windows"/>, which the trainer uses too.
/// </summary>
internal ref struct PromptWindowScorer
{
    private readonly PromptClassifierModel _model;
    private readonly Span<int> _contribution;
    private readonly Span<int> _starts;
    private readonly Span<int> _ends;
    private int _sum;
    private int _count;
    private int _slot;
    private int _untilWindow;
    private double _best;
    private int _bestStart;
    private int _bestEnd;

    /// <param name="contribution">Scratch of exactly <see cref="PromptClassifierModel.WindowSize"/> ints; likewise the others.</param>
    public PromptWindowScorer(PromptClassifierModel model, Span<int> contribution, Span<int> starts, Span<int> ends)
    {
        _model = model;
        _contribution = contribution;
        _starts = starts;
        _ends = ends;
        _sum = 0;
        _count = 0;
        _slot = 0;
        _untilWindow = model.WindowSize;
        _best = double.NegativeInfinity;
        _bestStart = 0;
        _bestEnd = 0;
    }

    public void Add(in PromptToken token)
    {
        // _slot is _count % size and _untilWindow counts down to the next window's end: no division per token.
        var weights = _model.Weights;
        var mask = _model.Mask;
        var slot = _slot;
        if (_count >= _contribution.Length)
        {
            _sum -= _contribution[slot];
        }

        var c = weights[token.Unigram & mask] + (_count > 0 ? weights[token.Bigram & mask] : 0);
        _contribution[slot] = c;
        _starts[slot] = token.Start;
        _ends[slot] = token.Start + token.Length;
        _sum += c;
        _count++;
        _slot = slot + 1 == _contribution.Length ? 0 : slot + 1;
        if (--_untilWindow == 0)
        {
            Consider(_contribution.Length, _starts[_slot], _ends[slot]);
            _untilWindow = _model.WindowStride;
        }
    }

    /// <summary>The best window; a text without tokens scores 0.</summary>
    public PromptClassifierScore Finish()
    {
        var size = _model.WindowSize;
        if (_count == 0)
        {
            return new PromptClassifierScore(0, 0, 0);
        }

        if (_count < size)
        {
            Consider(_count, _starts[0], _ends[_count - 1]);
        }
        else if ((_count - size) % _model.WindowStride != 0)
        {
            Consider(size, _starts[_count % size], _ends[(_count - 1) % size]);
        }

        return new PromptClassifierScore(1 / (1 + Math.Exp(-_best)), _bestStart, _bestEnd - _bestStart);
    }

    private void Consider(int tokens, int start, int end)
    {
        var score = _model.Bias + (_model.Scale * _sum / Math.Sqrt(tokens));
        if (score > _best)
        {
            (_best, _bestStart, _bestEnd) = (score, start, end);
        }
    }
}
