namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// The tracked connections by id, in order of last activity (least recent first), so both the idle sweep
/// and the eviction of the least recently active connection touch only the connections they remove.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class ConnectionTable
{
    private readonly Dictionary<ulong, LinkedListNode<HttpConnection>> _byId = [];
    private readonly LinkedList<HttpConnection> _byActivity = new();

    public int Count => _byId.Count;

    /// <summary>The least recently active connection, or null.</summary>
    public HttpConnection? Oldest => _byActivity.First?.Value;

    public HttpConnection? Find(ulong id) => _byId.TryGetValue(id, out var node) ? node.Value : null;

    public void Add(HttpConnection connection) => _byId.Add(connection.Id, _byActivity.AddLast(connection));

    /// <summary>Marks the connection as the most recently active.</summary>
    public void Touch(HttpConnection connection)
    {
        var node = _byId[connection.Id];
        if (node != _byActivity.Last)
        {
            _byActivity.Remove(node);
            _byActivity.AddLast(node);
        }
    }

    public void Remove(HttpConnection connection)
    {
        if (_byId.Remove(connection.Id, out var node))
        {
            _byActivity.Remove(node);
        }
    }

    /// <summary>Every connection, least recently active first (a copy: the caller may remove while iterating).</summary>
    public HttpConnection[] ToArray() => [.. _byActivity];
}
