using System.Runtime.InteropServices;
using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf.Native;

/// <summary>
/// Routes libbpf's own messages (verifier logs, attach failures) to <see cref="Sink"/>. libbpf calls
/// the print function synchronously on the thread making the libbpf call, never from the ring buffer.
/// </summary>
public static unsafe class LibbpfLog
{
    public const int LevelWarn = 0;
    public const int LevelInfo = 1;
    public const int LevelDebug = 2;

    private static int _installed;

    [ThreadStatic]
    private static bool t_quiet;

    /// <summary>Receives (level, message). Defaults to standard error for warnings.</summary>
    public static Action<int, string> Sink { get; set; } = (level, message) =>
    {
        if (level == LevelWarn)
        {
            Console.Error.Write("libbpf: " + message);
        }
    };

    internal static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            Libbpf.libbpf_set_print((nint)(delegate* unmanaged<int, byte*, nint, int>)&Print);
        }
    }

    /// <summary>Silences libbpf on this thread while probing files that may not have the symbols (expected failures).</summary>
    internal static QuietScope Quiet() => new();

    [UnmanagedCallersOnly]
    private static int Print(int level, byte* format, nint args)
    {
        try
        {
            if (level > LevelInfo || t_quiet)
            {
                return 0;
            }

            const int size = 1024;
            var buffer = stackalloc byte[size];
            var written = Libc.vsnprintf(buffer, size, format, args);
            if (written > 0)
            {
                Sink(level, Marshal.PtrToStringUTF8((nint)buffer, Math.Min(written, size - 1)));
            }
        }
        catch (Exception)
        {
            // Never let an exception cross into native code.
        }

        return 0;
    }

    internal readonly struct QuietScope : IDisposable
    {
        public QuietScope() => t_quiet = true;

        public void Dispose() => t_quiet = false;
    }
}
