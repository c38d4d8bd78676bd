using LlmObserve.Administration.Fleet;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LlmObserve.IngestApi.Apis;

/// <summary>The ProblemDetails answers the API gives, with a detail that says what is wrong.</summary>
internal static class Problems
{
    public static ProblemHttpResult Invalid(string? detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static ProblemHttpResult NotFound(string? detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string? detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>Null when <paramref name="text"/> is a usable name of 1 to <paramref name="max"/> characters; else why not.</summary>
    public static ProblemHttpResult? CheckName(string? text, string field, int max) =>
        FleetRules.NameProblem(text, field, max) is { } problem ? Invalid(problem) : null;

    /// <summary>Documents the statuses every tenant API endpoint can answer with.</summary>
    public static TBuilder ProducesAuthProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
