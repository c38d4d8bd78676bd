using System.Buffers.Binary;
using Npgsql;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// The right to deliver one destination, across every scanner worker: a PostgreSQL session
/// advisory lock on the destination, held on a connection of its own until disposed.
/// </summary>
/// <remarks>
/// A session lock rather than <c>FOR UPDATE SKIP LOCKED</c> or a transaction-scoped lock because
/// delivery waits on the network, with retries, for up to minutes: a transaction held open that
/// long would keep its snapshot, and (having locked a row) its transaction id, in the way of the
/// findings feed's horizon (<c>pg_snapshot_xmin</c>) and of vacuum, for every tenant. The session
/// lock holds neither. If the lock's connection breaks, the lock is released and another worker
/// may start on the destination while this one finishes the finding in flight: positions are
/// advanced only from the value read (<see cref="DestinationPump"/>), so nothing is skipped, and
/// the receiver can drop that one repeat by its delivery id.
/// </remarks>
internal sealed class DestinationLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private DestinationLease(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lease, or null when another worker holds it.</summary>
    public static async Task<DestinationLease?> TryAcquireAsync(NpgsqlDataSource dataSource, Guid destinationId, CancellationToken cancellationToken)
    {
        var key = KeyOf(destinationId);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new DestinationLease(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _key });
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection has lost the lock already.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The lock key of a destination: the two halves of its id, xor-ed, the same in every process
    /// (unlike <see cref="Guid.GetHashCode"/>). 64 bits, so two destinations sharing a key (and so
    /// never delivered at the same time) takes billions of destinations; with 32 bits it took tens
    /// of thousands. The key space is PostgreSQL's single-bigint one, shared only with the schema
    /// migrator's one fixed key.
    /// </summary>
    internal static long KeyOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadInt64BigEndian(bytes) ^ BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
    }
}
