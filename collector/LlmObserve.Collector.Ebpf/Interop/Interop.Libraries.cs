namespace LlmObserve.Collector.Ebpf;

internal static partial class Interop
{
    /// <summary>Native library names, in one place. Debian ships libbpf's runtime as <c>libbpf.so.1</c>.</summary>
    internal static class Libraries
    {
        internal const string Libbpf = "libbpf";
        internal const string Libc = "libc";

        /// <summary>What the resolver loads for <see cref="Libbpf"/> (no unversioned .so without libbpf-dev).</summary>
        internal static readonly string[] LibbpfCandidates = ["libbpf.so.1", "libbpf.so"];
    }
}
