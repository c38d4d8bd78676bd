using System.Runtime.InteropServices;
using LlmObserve.Collector.Hosting;

namespace LlmObserve.Collector.Tests;

public sealed class NativeHeapTests
{
    private const int BlockBytes = 64 << 10; // below malloc's mmap threshold: carved from an arena
    private const int Blocks = 512;          // 32 MiB
    private const int KeepEvery = 16;        // a live block every 1 MiB, so the free space is not the arena's top

    [Fact]
    public void TryTrim_HandsFreedHeapPagesBackToTheKernel()
    {
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            for (var page = 0; page < BlockBytes; page += 4096)
            {
                Marshal.WriteByte(blocks[i], page, 1);
            }
        }

        try
        {
            for (var i = 0; i < Blocks; i++)
            {
                if (i % KeepEvery != KeepEvery - 1)
                {
                    Marshal.FreeHGlobal(blocks[i]);
                    blocks[i] = 0;
                }
            }

            var freed = ResidentAnonymousBytes();
            Assert.True(NativeHeap.TryTrim(), "glibc has malloc_trim");
            var trimmed = ResidentAnonymousBytes();

            // 30 MiB were freed below live blocks; malloc keeps them resident until a trim.
            Assert.True(freed - trimmed >= 8 << 20, $"resident anonymous memory went from {freed >> 20} MiB to {trimmed >> 20} MiB");
        }
        finally
        {
            foreach (var block in blocks.Where(b => b != 0))
            {
                Marshal.FreeHGlobal(block);
            }
        }
    }

    private static long ResidentAnonymousBytes()
    {
        var line = File.ReadLines("/proc/self/smaps_rollup").Single(l => l.StartsWith("Anonymous:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
