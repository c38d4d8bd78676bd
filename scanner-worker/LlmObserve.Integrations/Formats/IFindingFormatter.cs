using LlmObserve.Data.Findings;

namespace LlmObserve.Integrations.Formats;

/// <summary>Writes one finding as one event of an export format.</summary>
public interface IFindingFormatter
{
    /// <summary>The format's name in the API and in destinations: one of <see cref="Data.Entities.ExportFormats"/>.</summary>
    string Name { get; }

    /// <summary>The media type of one event (application/json, text/plain).</summary>
    string ContentType { get; }

    /// <summary>The event as text: a JSON object on one line, or one CEF line (no line break at the end).</summary>
    string Write(FindingEvent finding);
}
