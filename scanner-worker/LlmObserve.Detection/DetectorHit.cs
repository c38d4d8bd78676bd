using LlmObserve.Contracts.Findings;

namespace LlmObserve.Detection;

/// <summary>A detector's verdict on one piece of text.</summary>
/// <param name="Evidence">The matched text, masked: a finding never repeats the secret it found.</param>
/// <param name="Location">Where the text came from, e.g. <c>request.body</c>.</param>
/// <param name="Start">Offset of the match in the text at <paramref name="Location"/>, in UTF-16 code units.</param>
public sealed record DetectorHit(
    string RuleId,
    string Category,
    FindingSeverity Severity,
    string Title,
    string Evidence,
    string Location,
    int Start,
    int Length);

/// <summary>Finds one kind of problem in text. Implementations are stateless and thread-safe.</summary>
public interface IDetector
{
    void Detect(string text, string location, ICollection<DetectorHit> detections);
}
