using LlmObserve.Administration;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LlmObserve.Administration.Fleet;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.IngestApi.Tests;

/// <summary>
/// Walks every operation of the OpenAPI document three times: with an admin key of another
/// tenant, with a key of the owning tenant that lacks the operation's scope, and with no key.
/// Path ids are real objects of tenant A. Nothing of A may come back, and every status must be
/// 401, 403 or 404 as the operation documents it.
/// </summary>
public sealed class TenantIsolationWalkTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task EveryOperation_WithAnotherTenantsKey_LackingScope_OrNoKey_ReturnsNothingOfTheTenant()
    {
        var a = await TenantWorld.CreateAsync(_f);
        var b = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);
        await new TenantWorld.Seeder(_f, b).ExchangeAsync("tenant b's own prompt");
        var policies = PoliciesByOperation();
        var operations = await OperationsAsync();
        Assert.True(operations.Count >= 30, $"The walk found only {operations.Count} operations.");

        var failures = new List<string>();
        foreach (var op in operations)
        {
            var policy = policies.GetValueOrDefault(op.Id) ?? throw new InvalidOperationException($"No endpoint named {op.Id}.");
            if (policy == Anonymous)
            {
                continue; // Enroll: authenticated by the enrollment token in its body (EnrollmentTests).
            }

            var path = a.Fill(op.Path);
            var isNode = policy == AuthenticationSetup.NodePolicy;

            var (none, _) = await SendAsync(op.Method, path, null);
            Expect(op, "no key", none, HttpStatusCode.Unauthorized, failures);

            var lacking = isNode ? a.AdminKey : a.KeyWithout(policy);
            var (withoutScope, _) = await SendAsync(op.Method, path, lacking);
            Expect(op, "key lacking the scope", withoutScope, isNode ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, failures);

            var (other, body) = await SendAsync(op.Method, path, b.ApiKey);
            if (isNode)
            {
                Expect(op, "another tenant's key", other, HttpStatusCode.Unauthorized, failures);
            }
            else if (path != op.Path)
            {
                Expect(op, "another tenant's key", other, HttpStatusCode.NotFound, failures);
            }
            else if ((int)other >= 500 || !op.Documents(other))
            {
                failures.Add($"{op}: another tenant's key got {(int)other}, which the document does not list");
            }

            if (a.LeakIn(body, echoed: path) is { } leaked)
            {
                failures.Add($"{op}: another tenant's key got tenant A's '{leaked}' back");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await a.AssertUntouchedAsync();
    }

    [Fact]
    public async Task EveryOperation_DocumentsItsAuthenticationFailures()
    {
        var policies = PoliciesByOperation();
        foreach (var op in await OperationsAsync())
        {
            var policy = policies[op.Id];
            if (policy != Anonymous)
            {
                Assert.True(op.Documents(HttpStatusCode.Unauthorized), $"{op} does not document 401");
                Assert.True(op.Documents(HttpStatusCode.TooManyRequests), $"{op} does not document 429");
            }

            if (policy != Anonymous && policy != AuthenticationSetup.NodePolicy)
            {
                Assert.True(op.Documents(HttpStatusCode.Forbidden), $"{op} does not document 403");
            }

            if (op.Path.Contains('{', StringComparison.Ordinal))
            {
                Assert.True(op.Documents(HttpStatusCode.NotFound), $"{op} has an id in its path but does not document 404");
            }

            Assert.False(string.IsNullOrWhiteSpace(op.Summary), $"{op} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(op.Description), $"{op} has no description");
        }
    }

    private const string Anonymous = "(anonymous)";

    private static void Expect(Operation op, string who, HttpStatusCode actual, HttpStatusCode expected, List<string> failures)
    {
        if (actual != expected)
        {
            failures.Add($"{op}: {who} got {(int)actual}, expected {(int)expected}");
        }
        else if (!op.Documents(actual))
        {
            failures.Add($"{op}: {who} got {(int)actual} as expected, but the document does not list it");
        }
    }

    /// <summary>Operation name → authorization policy, from the running app's endpoints.</summary>
    private Dictionary<string, string> PoliciesByOperation() =>
        _f.IngestApi.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToDictionary(
                e => e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName,
                e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null
                    ? Anonymous
                    : e.Metadata.GetOrderedMetadata<IAuthorizeData>() is [.., var last] ? last.Policy ?? "(none)" : "(none)",
                StringComparer.Ordinal);

    private async Task<List<Operation>> OperationsAsync()
    {
        using var document = JsonDocument.Parse(await _f.IngestApi.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        return [.. document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => new Operation(
            o.Value.GetProperty("operationId").GetString()!,
            new HttpMethod(o.Name.ToUpperInvariant()),
            p.Name,
            o.Value.TryGetProperty("summary", out var s) ? s.GetString() : null,
            o.Value.TryGetProperty("description", out var d) ? d.GetString() : null,
            o.Value.TryGetProperty("responses", out var r) ? [.. r.EnumerateObject().Select(x => x.Name)] : [])))];
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private sealed record Operation(string Id, HttpMethod Method, string Path, string? Summary, string? Description, IReadOnlyList<string> Responses)
    {
        public bool Documents(HttpStatusCode status) => Responses.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));

        public override string ToString() => $"{Method} {Path} ({Id})";
    }
}
