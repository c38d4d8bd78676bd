using LlmObserve.Data.Entities;
using LlmObserve.Testing;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Data.Tests;

/// <summary>The EF model and the hand-written SQL migrations describe the same schema.</summary>
public sealed class ModelTests
{
    [Fact]
    public async Task Model_EveryEntityProperty_HasAMatchingColumnInTheMigratedSchema()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        await using var db = database.CreateDbContext();
        var columns = new Dictionary<(string Table, string Column), (string Type, bool Nullable)>();
        await using (var command = database.DataSource.CreateCommand(
            "SELECT table_name, column_name, udt_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = 'public'"))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                columns[(reader.GetString(0), reader.GetString(1))] = (reader.GetString(2), reader.GetBoolean(3));
            }
        }

        var problems = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                if (!columns.TryGetValue((table, column), out var actual))
                {
                    problems.Add($"{table}.{column} is in the model but not in the schema");
                    continue;
                }

                var expected = property.GetColumnType() switch
                {
                    "timestamp with time zone" => "timestamptz",
                    "smallint" => "int2",
                    "integer" => "int4",
                    "bigint" => "int8",
                    "boolean" => "bool",
                    "text[]" => "_text",
                    "real" => "float4",
                    var other => other,
                };
                if (expected != actual.Type || property.IsNullable != actual.Nullable)
                {
                    problems.Add($"{table}.{column}: model {expected}{(property.IsNullable ? " null" : "")}, schema {actual.Type}{(actual.Nullable ? " null" : "")}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Model_EveryTenantOwnedEntity_HasTheTenantFilter()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        await using var db = database.CreateDbContext();

        var owned = db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList();

        Assert.Equal(11, owned.Count); // fleet, secrets, exchanges, findings, rules, audit, destinations, dead letters
        Assert.All(owned, e => Assert.Contains(e.GetDeclaredQueryFilters(), f => f.Key == LlmObserveDbContext.TenantFilter));
    }
}
