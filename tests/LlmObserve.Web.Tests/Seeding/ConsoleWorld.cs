using System.Net;
using LlmObserve.Administration;
using LlmObserve.Administration.Fleet;
using LlmObserve.Web.Identity;

namespace LlmObserve.Web.Tests.Seeding;

/// <summary>
/// Two tenants, A and B, each with a finding whose exchange carries a marker text of its own, A with a custom
/// rule and a second cluster named after its marker, and the users the brief asks for. Shared by the tests that
/// only read; a test that changes a user or a tenant makes its own.
/// </summary>
public sealed class ConsoleWorld
{
    public required SeededTenant A { get; init; }

    public required SeededTenant B { get; init; }

    /// <summary>Text that appears only in A's data (its exchange's prompt, its cluster's name, its custom rule).</summary>
    public required string MarkerA { get; init; }

    public required string MarkerB { get; init; }

    public required StoredFinding FindingA { get; init; }

    public required StoredFinding FindingB { get; init; }

    /// <summary>A's cluster named after <see cref="MarkerA"/>.</summary>
    public required Guid ClusterA { get; init; }

    /// <summary>A custom rule of A (its description holds <see cref="MarkerA"/>).</summary>
    public required string CustomRuleA { get; init; }

    /// <summary>Admin of A, viewer of B; acts for A after sign-in.</summary>
    public required ConsoleLogin AdminAViewerB { get; init; }

    public required ConsoleLogin ViewerA { get; init; }

    public required ConsoleLogin AnalystA { get; init; }

    /// <summary>Admin of B, and of nothing else.</summary>
    public required ConsoleLogin AdminBOnly { get; init; }

    public static async Task<ConsoleWorld> CreateAsync(ConsoleFixture f)
    {
        var a = await SeededTenant.CreateAsync(f);
        var b = await SeededTenant.CreateAsync(f);
        var markerA = $"AlphaMarker{Guid.NewGuid():N}"[..20];
        var markerB = $"BravoMarker{Guid.NewGuid():N}"[..20];
        var findingA = (await a.CaptureOneAsync(Exchanges.SecretPrompt(markerA))).Findings[0];
        var findingB = (await b.CaptureOneAsync(Exchanges.SecretPrompt(markerB))).Findings[0];

        await using var db = f.Database.CreateDbContext();
        var cluster = await new FleetAdministration(db, TimeProvider.System).CreateClusterAsync(a.Id, markerA.ToLowerInvariant(), CancellationToken.None);
        var ruleId = "custom." + markerA.ToLowerInvariant();
        using (var created = await a.ApiAsync(HttpMethod.Post, "/api/v1/rules", new RuleYamlRequest(CustomRule(ruleId, markerA))))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        return new ConsoleWorld
        {
            A = a,
            B = b,
            MarkerA = markerA,
            MarkerB = markerB,
            FindingA = findingA,
            FindingB = findingB,
            ClusterA = cluster.Id,
            CustomRuleA = ruleId,
            AdminAViewerB = await ConsoleUsers.CreateAsync(f, "admin-ab", (a.Id, ConsoleRoles.Admin), (b.Id, ConsoleRoles.Viewer)),
            ViewerA = await ConsoleUsers.CreateAsync(f, "viewer-a", (a.Id, ConsoleRoles.Viewer)),
            AnalystA = await ConsoleUsers.CreateAsync(f, "analyst-a", (a.Id, ConsoleRoles.Analyst)),
            AdminBOnly = await ConsoleUsers.CreateAsync(f, "admin-b", (b.Id, ConsoleRoles.Admin)),
        };
    }

    /// <summary>A custom rule that compiles, with examples, whose description names <paramref name="marker"/>.</summary>
    public static string CustomRule(string id, string marker) => $"""
        - rule: {id}
          desc: Codeword {marker} sent to an LLM.
          condition: llm.prompt icontains "codeword"
          output: Codeword from %k8s.pod
          severity: low
          category: pii
          tags: [maturity_sandbox]
          examples:
            positive: ["the codeword is swordfish"]
            negative: ["What is the weather?"]
        """;
}
