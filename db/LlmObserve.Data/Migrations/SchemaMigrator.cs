using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LlmObserve.Data.Migrations;

/// <summary>
/// Applies the embedded, numbered SQL migrations. Run by the explicit <c>migrate</c> step, never
/// by service start-up (services only check, with <see cref="EnsureCurrentAsync"/>). Idempotent,
/// and safe when two replicas run it at once: a session advisory lock serializes them, and each
/// migration commits in one transaction together with its row in <c>schema_migrations</c>.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Arbitrary, fixed: "LLMOMIGR".
    private const long AdvisoryLockKey = 0x4C4C4D4F4D494752;

    public static IReadOnlyList<SchemaMigration> Migrations { get; } = LoadEmbedded();

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Applies every pending migration; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer PRIMARY KEY,
                    name        text NOT NULL,
                    checksum    text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            CheckAppliedMatchThisBuild(applied);

            var done = new List<int>();
            foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                LogApplying(logger, migration.Version, migration.Name);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, migration.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection))
                {
                    record.Parameters.Add(new() { Value = migration.Version });
                    record.Parameters.Add(new() { Value = migration.Name });
                    record.Parameters.Add(new() { Value = migration.Checksum });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                done.Add(migration.Version);
            }

            LogCurrent(logger, LatestVersion, done.Count);
            return done;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Fails fast, naming the command to run, when the schema is not the one this build needs.</summary>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        var applied = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!
            ? await ReadAppliedAsync(connection, cancellationToken)
            : [];
        CheckAppliedMatchThisBuild(applied);
        var pending = Migrations.Where(m => !applied.ContainsKey(m.Version)).Select(m => m.Version).ToList();
        if (pending.Count > 0)
        {
            throw new SchemaNotCurrentException(
                $"The database schema is missing migration(s) {string.Join(", ", pending)} that this build needs. " +
                "Run the migrate step first: `LlmObserve.IngestApi migrate` (deploy/local/up.sh does this).");
        }
    }

    private static void CheckAppliedMatchThisBuild(Dictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied)
        {
            var known = Migrations.FirstOrDefault(m => m.Version == version);
            if (known is null)
            {
                // A newer build migrated this database; additive migrations keep older builds working.
                continue;
            }

            if (!string.Equals(known.Checksum, checksum, StringComparison.Ordinal))
            {
                throw new SchemaNotCurrentException(
                    $"Migration {version} ({known.Name}) was changed after it was applied to this database. " +
                    "Applied migrations must never be edited: restore the original file and add a new migration.");
            }
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<SchemaMigration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            var name = Path.GetFileNameWithoutExtension(resource);
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
            migrations.Add(new SchemaMigration(version, name, sql, checksum));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applying migration {Version} ({Name})")]
    private static partial void LogApplying(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Database schema is at version {Version}; {Applied} migration(s) applied now")]
    private static partial void LogCurrent(ILogger logger, int version, int applied);
}

public sealed record SchemaMigration(int Version, string Name, string Sql, string Checksum);

public sealed class SchemaNotCurrentException(string message) : Exception(message);
