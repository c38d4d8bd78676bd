using System.Runtime.InteropServices;

namespace LlmObserve.Collector.Ebpf.Native;

/// <summary>A libbpf call failed: the operation, what it was applied to, and errno in words.</summary>
public sealed class LibbpfException : Exception
{
    public LibbpfException(string operation, int errno, string? target = null)
        : base($"{operation}{(target is null ? "" : $" ({target})")} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Operation = operation;
        Errno = errno;
    }

    public LibbpfException()
    {
        Operation = "libbpf";
    }

    public LibbpfException(string message)
        : base(message)
    {
        Operation = "libbpf";
    }

    public LibbpfException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "libbpf";
    }

    public string Operation { get; }

    public int Errno { get; }

    /// <summary>Turns libbpf's negative-errno convention into an exception.</summary>
    internal static int Check(int result, string operation, string? target = null) =>
        result < 0 ? throw new LibbpfException(operation, -result, target) : result;

    /// <summary>Turns a NULL pointer (errno set by libbpf) into an exception.</summary>
    internal static nint Check(nint pointer, string operation, string? target = null) =>
        pointer == 0 ? throw new LibbpfException(operation, Marshal.GetLastPInvokeError(), target) : pointer;
}
