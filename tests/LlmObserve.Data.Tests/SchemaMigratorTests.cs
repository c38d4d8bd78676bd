using LlmObserve.Data.Migrations;
using LlmObserve.Testing;

namespace LlmObserve.Data.Tests;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task MigrateAsync_RunTwice_AppliesEveryMigrationOnceThenNothing()
    {
        await using var db = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync(migrate: false));

        var first = await db.Migrator().MigrateAsync(TestContext.Current.CancellationToken);
        var second = await db.Migrator().MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(SchemaMigrator.Migrations.Select(m => m.Version), first);
        Assert.Empty(second);
        await db.Migrator().EnsureCurrentAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MigrateAsync_SeveralReplicasAtOnce_AllSucceedAndEachMigrationIsAppliedOnce()
    {
        await using var db = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync(migrate: false));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => db.Migrator().MigrateAsync())));

        Assert.Equal(SchemaMigrator.Migrations.Count, runs.Sum(r => r.Count));
        Assert.Equal(SchemaMigrator.Migrations.Count, await db.CountAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task EnsureCurrentAsync_UnmigratedDatabase_FailsNamingTheMigrateStep()
    {
        await using var db = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync(migrate: false));

        var e = await Assert.ThrowsAsync<SchemaNotCurrentException>(() => db.Migrator().EnsureCurrentAsync(TestContext.Current.CancellationToken));

        Assert.Contains("migrate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_AppliedMigrationWasEdited_RefusesToContinue()
    {
        await using var db = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        await db.CountAsync("WITH u AS (UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1 RETURNING 1) SELECT count(*) FROM u");

        var e = await Assert.ThrowsAsync<SchemaNotCurrentException>(() => db.Migrator().MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("changed after it was applied", e.Message, StringComparison.Ordinal);
    }
}
