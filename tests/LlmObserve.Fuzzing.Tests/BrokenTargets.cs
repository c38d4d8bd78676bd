using LlmObserve.Fuzzing.Harness;

namespace LlmObserve.Fuzzing.Tests;

/// <summary>A parser with a deliberate fault that strikes on its 50th input (so seeds pass, and the fault is met by a mutant).</summary>
internal abstract class BrokenTarget : IFuzzTarget
{
    private int _calls;

    public abstract string Name { get; }

    public string Parser => "a deliberately broken parser";

    public IReadOnlyList<byte[]> Dictionary => [];

    public int MaxInputLength => 64;

    public long AllocationBound(int inputLength) => 64L * inputLength + (1 << 20);

    public bool IsHandledByCaller(Exception exception) => exception is FormatException;

    public bool IsCaughtByDesign(Exception exception) => exception is FormatException;

    public ulong Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (++_calls == 50)
        {
            Fault();
        }
        else if (input.Length > 3 && input[0] == 0xFF)
        {
            throw new FormatException("a documented rejection, which is no problem");
        }

        return (ulong)input.Length;
    }

    protected abstract void Fault();
}

internal sealed class ThrowingTarget : BrokenTarget
{
    public override string Name => "broken-throws";

    private readonly byte[] _table = new byte[4];

    /// <summary>An index past the end, as a parser reading a length field it did not check would.</summary>
    protected override void Fault() => GC.KeepAlive(_table[_table.Length + Name.Length]);
}

internal sealed class SwallowingTarget : BrokenTarget
{
    public override string Name => "broken-swallows";

    protected override void Fault()
    {
        try
        {
            GC.KeepAlive(new Dictionary<string, int>(StringComparer.Ordinal)["missing"]);
        }
        catch (Exception)
        {
            // what a catch-all safety net does
        }
    }
}

internal sealed class SpinningTarget : BrokenTarget
{
    public override string Name => "broken-spins";

    protected override void Fault()
    {
        var until = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < until)
        {
            Thread.SpinWait(1000);
        }
    }
}

internal sealed class AllocatingTarget : BrokenTarget
{
    public override string Name => "broken-allocates";

    protected override void Fault()
    {
        var hoard = new List<byte[]>();
        for (var i = 0; i < 64; i++)
        {
            hoard.Add(new byte[1 << 20]);
        }

        GC.KeepAlive(hoard);
    }
}
