using LlmObserve.Contracts.Enrollment;
using LlmObserve.IngestApi.Fleet;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LlmObserve.IngestApi.Apis;

/// <summary>A collector's first call: an enrollment token in, a node credential out.</summary>
internal static class EnrollmentApi
{
    public static void MapEnrollmentApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/enroll", EnrollAsync)
            .AllowAnonymous()
            .WithName("Enroll")
            .WithTags("Collector")
            .WithSummary("Exchange a cluster enrollment token for node credentials")
            .WithDescription("The token must be unexpired, unrevoked and have uses left; each enrollment uses one. " +
                "The credential in the answer is shown once and stored hashed.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<Created<EnrollResponse>, ProblemHttpResult>> EnrollAsync(
        EnrollRequest request, EnrollmentService enrollment, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.NodeName) || request.NodeName.Length > 253 || request.NodeName.Contains('\0', StringComparison.Ordinal))
        {
            return TypedResults.Problem("nodeName must be 1 to 253 characters.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid node name");
        }

        var result = await enrollment.EnrollAsync(request, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return result.Response is { } response
            ? TypedResults.Created((string?)null, response)
            : TypedResults.Problem(result.Refusal, statusCode: StatusCodes.Status401Unauthorized, title: "Enrollment refused");
    }
}
