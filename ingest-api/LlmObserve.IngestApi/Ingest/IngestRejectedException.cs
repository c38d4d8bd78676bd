namespace LlmObserve.IngestApi.Ingest;

/// <summary>A batch refused before anything was published; becomes a ProblemDetails response.</summary>
internal sealed class IngestRejectedException(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IDictionary<string, string[]>? Errors { get; } = errors;

}
