using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf.Native;

/// <summary>A map borrowed from a loaded <see cref="BpfObject"/>, which it keeps alive.</summary>
internal sealed unsafe class BpfMap
{
    private readonly BpfObject _owner;
    private readonly nint _map;

    internal BpfMap(BpfObject owner, nint map, string name)
    {
        _owner = owner;
        _map = map;
        Name = name;
    }

    public string Name { get; }

    public int Fd => LibbpfException.Check(Libbpf.bpf_map__fd(Pointer), "bpf_map__fd", Name);

    private nint Pointer
    {
        get
        {
            _owner.ThrowIfDisposed();
            return _map;
        }
    }

    public void Update<TKey, TValue>(TKey key, TValue value)
        where TKey : unmanaged
        where TValue : unmanaged =>
        LibbpfException.Check(Libbpf.bpf_map__update_elem(Pointer, &key, (nuint)sizeof(TKey), &value, (nuint)sizeof(TValue), Libbpf.BPF_ANY), "bpf_map__update_elem", Name);

    /// <summary>Deletes a key; false when it was not there.</summary>
    public bool Delete<TKey>(TKey key)
        where TKey : unmanaged =>
        Libbpf.bpf_map__delete_elem(Pointer, &key, (nuint)sizeof(TKey), 0) == 0;

    /// <summary>Reads a per-CPU value and sums it over all possible CPUs.</summary>
    public ulong SumPerCpu(uint key)
    {
        var cpus = Libbpf.libbpf_num_possible_cpus();
        LibbpfException.Check(cpus, "libbpf_num_possible_cpus");
        Span<ulong> values = stackalloc ulong[cpus];
        fixed (ulong* v = values)
        {
            LibbpfException.Check(Libbpf.bpf_map__lookup_elem(Pointer, &key, sizeof(uint), v, (nuint)(sizeof(ulong) * cpus), 0), "bpf_map__lookup_elem", Name);
        }

        ulong sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
