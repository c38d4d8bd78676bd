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
    /// <summary>The first key of the two-key lock: the "destination delivery" namespace ("LMOD").</summary>
    private const int LockSpace = 0x4C4D4F44;

    private readonly NpgsqlConnection _connection;
    private readonly int _key;

    private DestinationLease(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lease, or null when another worker (or another destination with the same key) holds it.</summary>
    public static async Task<DestinationLease?> TryAcquireAsync(NpgsqlDataSource dataSource, Guid destinationId, CancellationToken cancellationToken)
    {
        var key = KeyOf(destinationId);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockSpace });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = key });
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
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", _connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockSpace });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _key });
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

    /// <summary>The same 32 bits in every process (unlike <see cref="Guid.GetHashCode"/>'s unstated algorithm).</summary>
    private static int KeyOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadInt32BigEndian(bytes) ^ BinaryPrimitives.ReadInt32BigEndian(bytes[4..])
            ^ BinaryPrimitives.ReadInt32BigEndian(bytes[8..]) ^ BinaryPrimitives.ReadInt32BigEndian(bytes[12..]);
    }
}
