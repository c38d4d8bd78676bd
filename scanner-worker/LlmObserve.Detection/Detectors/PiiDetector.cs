using System.Buffers;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Personal data in LLM traffic: e-mail addresses, phone numbers, payment cards, IBANs and national identifiers
/// (US, UK, France, Spain, Italy, Germany). Kinds are <see cref="PiiKinds"/>. Evidence keeps only the ends of a
/// value (<c>j***@example.com</c>, <c>**** **** **** 1111</c>).
/// </summary>
/// <remarks>
/// Two vectorised passes keep prose cheap: one jumps from '@' to '@' for e-mail addresses, the other from digit run
/// to digit run, where every numeric identifier is tried (those that start with letters look back from their first
/// digit). Identifiers with a check digit are only reported when it holds, which is what separates a card number
/// from an order number; confidence reflects whether such a check exists. No regular expressions, so the cost is
/// linear. Stateless and thread-safe.
/// </remarks>
public sealed partial class PiiDetector : TextDetector
{
    private static readonly SearchValues<char> LetterChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> EmailLocalChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-");

    private static readonly SearchValues<char> EmailDomainChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-");

    public override string Name => DetectorNames.Pii;

    public override void DetectText(string text, string field, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signals);

        var scan = new Scan(text, field, signals);
        FindEmails(scan);
        FindNumbers(scan);
    }

    private static void FindEmails(Scan scan)
    {
        var text = scan.Text;
        var pos = 0;
        while (pos < text.Length)
        {
            var hit = text.AsSpan(pos).IndexOf('@');
            if (hit < 0)
            {
                return;
            }

            var at = pos + hit;
            pos = at + 1;
            if (TryEmail(text, at, out var start, out var end))
            {
                var local = text.AsSpan(start, at - start);
                scan.Report(PiiKinds.Email, 0.95, start, end - start, string.Concat(local[..1], "***", text.AsSpan(at, end - at)));
                pos = end;
            }
        }
    }

    private static bool TryEmail(string text, int at, out int start, out int end)
    {
        start = at;
        while (start > 0 && at - start < 64 && EmailLocalChars.Contains(text[start - 1]))
        {
            start--;
        }

        var domain = text.AsSpan(at + 1, Math.Min(text.Length - at - 1, 253));
        var length = domain.IndexOfAnyExcept(EmailDomainChars);
        domain = domain[..(length < 0 ? domain.Length : length)].TrimEnd(".-");
        end = at + 1 + domain.Length;

        // A local part is at most 64 characters: a longer run is something else with an '@' in it.
        var local = text.AsSpan(start, at - start);
        if (local.Length == 0 || (start > 0 && EmailLocalChars.Contains(text[start - 1])) || local[0] == '.' || local[^1] == '.'
            || local.Contains("..", StringComparison.Ordinal) || local.SequenceEqual("git"))
        {
            return false;
        }

        // Labels of letters, digits and inner dashes; a top-level domain of letters that is not a file extension
        // (icon@2x.png is an image name).
        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
        }

        var tld = domain[(domain.LastIndexOf('.') + 1)..];
        return labels >= 2 && tld.Length >= 2 && !tld.ContainsAnyExcept(LetterChars) && !IsFileExtension(tld);
    }

    private static bool IsFileExtension(ReadOnlySpan<char> tld) =>
        tld.Equals("png", StringComparison.OrdinalIgnoreCase) || tld.Equals("jpg", StringComparison.OrdinalIgnoreCase)
        || tld.Equals("jpeg", StringComparison.OrdinalIgnoreCase) || tld.Equals("gif", StringComparison.OrdinalIgnoreCase)
        || tld.Equals("svg", StringComparison.OrdinalIgnoreCase) || tld.Equals("webp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text being scanned and where its signals go.</summary>
    private readonly struct Scan(string text, string field, ICollection<Signal> signals)
    {
        public string Text { get; } = text;

        public void Report(string kind, double confidence, int start, int length, string evidence) =>
            signals.Add(new Signal(DetectorNames.Pii, kind, confidence, field, start, length, evidence));
    }
}
