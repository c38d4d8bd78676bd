namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// Connections the stage muted. The kernel stops sending their bytes a little after the mute, and chunks
/// already in the ring buffer still arrive: they are dropped (counted) instead of starting a new
/// connection. Bounded: past the capacity the oldest id is forgotten.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class MutedConnections(int capacity)
{
    private readonly Dictionary<ulong, LinkedListNode<ulong>> _ids = [];
    private readonly LinkedList<ulong> _order = new();

    public int Count => _ids.Count;

    public bool Contains(ulong id) => _ids.ContainsKey(id);

    public void Add(ulong id)
    {
        if (capacity == 0 || _ids.ContainsKey(id))
        {
            return;
        }

        _ids.Add(id, _order.AddLast(id));
        if (_ids.Count > capacity)
        {
            Remove(_order.First!.Value);
        }
    }

    /// <summary>Forgets a connection (closed, or its id announced anew).</summary>
    public void Remove(ulong id)
    {
        if (_ids.Remove(id, out var node))
        {
            _order.Remove(node);
        }
    }
}
