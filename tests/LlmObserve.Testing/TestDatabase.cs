using LlmObserve.Data;
using LlmObserve.Data.Migrations;
using LlmObserve.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LlmObserve.Testing;

/// <summary>A PostgreSQL database of its own for one test run (or one test), migrated, dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static Task<TestDatabase> CreateAsync(bool migrate = true) =>
        CreateAsync(TestEnvironment.Require("LLMOBSERVE_TEST_POSTGRES"), migrate);

    /// <summary>A database on the server of <paramref name="server"/> (a connection string of a role that may create databases).</summary>
    public static async Task<TestDatabase> CreateAsync(string server, bool migrate = true)
    {
        var name = $"llmo_test_{Guid.NewGuid():N}"[..32];
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InfrastructureUnavailableException($"PostgreSQL at LLMOBSERVE_TEST_POSTGRES does not answer: {e.Message}", e);
        }

        var database = new TestDatabase(server, name);
        if (migrate)
        {
            await database.Migrator().MigrateAsync();
        }

        return database;
    }

    public SchemaMigrator Migrator() => new(DataSource, NullLogger<SchemaMigrator>.Instance);

    /// <summary>A DbContext acting for <paramref name="tenant"/> (none: sees no tenant's rows).</summary>
    public LlmObserveDbContext CreateDbContext(ITenantContext? tenant = null) =>
        new(new DbContextOptionsBuilder<LlmObserveDbContext>().UseNpgsql(DataSource).Options, tenant ?? NoTenantContext.Instance);

    public async Task<long> CountAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first row of a query, column name → value (SQL NULL as null); null when there is no row.</summary>
    public async Task<IReadOnlyDictionary<string, object?>?> RowAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return Enumerable.Range(0, reader.FieldCount).ToDictionary(
            reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i), StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
