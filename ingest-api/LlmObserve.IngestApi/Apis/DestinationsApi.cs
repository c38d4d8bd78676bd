using LlmObserve.Administration;
using System.ComponentModel;
using LlmObserve.IngestApi.Auth;
using LlmObserve.IngestApi.Destinations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LlmObserve.IngestApi.Apis;

/// <summary>
/// Push destinations of the caller's tenant: webhooks and syslog servers that the scanner workers
/// send new findings to, and the findings they never accepted (dead letters). Needs scope admin.
/// </summary>
internal static class DestinationsApi
{
    public static void MapDestinationsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/destinations").WithTags("Destinations")
            .RequireAuthorization(ApiScopes.Admin)
            .ProducesAuthProblems();

        group.MapGet("/", async (DestinationService destinations, CancellationToken ct) => TypedResults.Ok(await destinations.ListAsync(ct)))
            .WithName("ListDestinations")
            .WithSummary("List the tenant's push destinations")
            .WithDescription("Webhooks and syslog servers, by name, with where delivery has got and the last error. Signing secrets are never returned, "
                + "and a url's query string (where webhooks such as Slack's or Teams' often carry a secret) is shown as '?…'; delivery uses the url as stored. Needs scope admin.");

        group.MapPost("/", CreateAsync)
            .WithName("CreateDestination")
            .WithSummary("Add a webhook or syslog destination")
            .WithDescription("Starts at the end of the findings feed: findings stored from now on are pushed, not older ones. "
                + "For a webhook the response holds its signing secret, returned this once only. The url is stored normalised (as the response shows it, but for its query, "
                + "which reads show as '?…'): put a secret in the query, not in the path, to keep it out of reads and the audit log. "
                + "Delivery connects only to public addresses, and to loopback or private ones the operator allows (setting Delivery:AllowedNetworks); "
                + "link-local (cloud metadata), multicast and unspecified addresses never. Names are checked as they resolve when delivering, and a refused address is the delivery's error. "
                + "400 when a field is invalid (url must be http(s):// for webhooks, tcp://host:port or tls://host:port for syslog, with no control characters; "
                + "caCertificate PEM text with no control characters but line breaks); 409 when the name is taken. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{destinationId:guid}", GetAsync)
            .WithName("GetDestination")
            .WithSummary("One destination")
            .WithDescription("Its url's query string is shown as '?…'. 404 when the tenant has no destination with this id. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{destinationId:guid}", UpdateAsync)
            .WithName("UpdateDestination")
            .WithSummary("Change a destination: enable or disable it, its url, format, minimum severity, name or CA")
            .WithDescription("Fields left out stay as they are; the kind cannot change. Delivery goes on from where it was; a change of url or format, "
                + "or disabling, takes effect at the next attempt. A url equal to the one reads show (query as '?…') keeps the stored url. "
                + "400 when a field is invalid, 404 when the tenant has no destination with this id, 409 when the new name is taken. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{destinationId:guid}", DeleteAsync)
            .WithName("DeleteDestination")
            .WithSummary("Delete a destination and its dead letters")
            .WithDescription("404 when the tenant has no destination with this id. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{destinationId:guid}/dead-letters", ListDeadLettersAsync)
            .WithName("ListDeadLetters")
            .WithSummary("Findings the destination never accepted, newest first")
            .WithDescription("Each with its attempts, last error and the payload that was sent. Cursor paging (limit 1 to 500, default 100). "
                + "400 for a bad limit or cursor, 404 when the tenant has no destination with this id. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{destinationId:guid}/dead-letters/{deadLetterId:guid}/retry", RetryDeadLetterAsync)
            .WithName("RetryDeadLetter")
            .WithSummary("Send a dead letter again, now")
            .WithDescription("One attempt with the stored payload (webhooks are signed anew). When the destination accepts it the dead letter is removed; "
                + "otherwise it stays with one more attempt and the new error. The attempt is made from the API server, which connects only where its own "
                + "Delivery:AllowedNetworks allows, as the scanner workers do. 404 when there is no such dead letter. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<DestinationCreated>, ProblemHttpResult>> CreateAsync(
        CreateDestinationRequest request, DestinationService destinations, CancellationToken ct)
    {
        var outcome = await destinations.CreateAsync(request, ct);
        return outcome.Status == DestinationWriteStatus.Created
            ? TypedResults.Created($"/api/v1/destinations/{outcome.Destination!.Id}", new DestinationCreated(outcome.Destination, outcome.SigningSecret))
            : Problem(outcome.Status, outcome.Message);
    }

    private static async Task<Results<Ok<DestinationItem>, ProblemHttpResult>> GetAsync(Guid destinationId, DestinationService destinations, CancellationToken ct) =>
        await destinations.GetAsync(destinationId, ct) is { } item ? TypedResults.Ok(item) : NotFound(destinationId);

    private static async Task<Results<Ok<DestinationItem>, ProblemHttpResult>> UpdateAsync(
        Guid destinationId, UpdateDestinationRequest request, DestinationService destinations, CancellationToken ct)
    {
        var outcome = await destinations.UpdateAsync(destinationId, request, ct);
        return outcome.Status == DestinationWriteStatus.Ok ? TypedResults.Ok(outcome.Destination!) : Problem(outcome.Status, outcome.Message);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid destinationId, DestinationService destinations, CancellationToken ct) =>
        await destinations.DeleteAsync(destinationId, ct) ? TypedResults.NoContent() : NotFound(destinationId);

    private static async Task<Results<Ok<Page<DeadLetterItem>>, ProblemHttpResult>> ListDeadLettersAsync(
        Guid destinationId,
        [Description("Page size, 1 to 500 (default 100).")] int? limit,
        [Description("The 'next' value of the previous page.")] string? cursor,
        DeadLetterService deadLetters,
        CancellationToken ct)
    {
        var outcome = await deadLetters.ListAsync(destinationId, limit, cursor, ct);
        return outcome.Status == DeadLetterStatus.Ok ? TypedResults.Ok(outcome.Value!) : Problem(outcome.Status, outcome.Message);
    }

    private static async Task<Results<Ok<DeadLetterRetryResult>, ProblemHttpResult>> RetryDeadLetterAsync(
        Guid destinationId, Guid deadLetterId, DeadLetterService deadLetters, CancellationToken ct)
    {
        var outcome = await deadLetters.RetryAsync(destinationId, deadLetterId, ct);
        return outcome.Status == DeadLetterStatus.Ok ? TypedResults.Ok(outcome.Value!) : Problem(outcome.Status, outcome.Message);
    }

    private static ProblemHttpResult NotFound(Guid destinationId) =>
        Problems.NotFound($"No destination {destinationId}.");

    private static ProblemHttpResult Problem(DestinationWriteStatus status, string? message) => status switch
    {
        DestinationWriteStatus.Invalid => Problems.Invalid(message),
        DestinationWriteStatus.NotFound => Problems.NotFound(message),
        DestinationWriteStatus.Conflict => Problems.Conflict(message),
        _ => throw new InvalidOperationException($"not a problem: {status}"),
    };

    private static ProblemHttpResult Problem(DeadLetterStatus status, string? message) => status switch
    {
        DeadLetterStatus.Invalid => TypedResults.Problem(message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query"),
        DeadLetterStatus.NotFound => Problems.NotFound(message),
        _ => throw new InvalidOperationException($"not a problem: {status}"),
    };
}
