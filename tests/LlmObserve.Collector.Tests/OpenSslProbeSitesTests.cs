using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LlmObserve.Collector.Ebpf.Attach;
using LlmObserve.MockProvider.Clients;

namespace LlmObserve.Collector.Tests;

/// <summary>
/// Where the TLS probes go in the OpenSSL builds on this machine, checked against llvm-objdump's reading
/// of the same code. The capture tests then prove the probes there see every client's traffic.
/// </summary>
public sealed partial class OpenSslProbeSitesTests
{
    /// <summary>The host's libssl copies, and Node.js, which links OpenSSL in (built differently).</summary>
    public static TheoryData<string> OpenSslBuilds()
    {
        var builds = new TheoryData<string>();
        foreach (var library in ProcessMaps.LibsslInRoot("/").Where(p => !File.GetAttributes(p).HasFlag(FileAttributes.ReparsePoint)))
        {
            builds.Add(library);
        }

        builds.Add(ClientPaths.Node);
        return builds;
    }

    [Theory]
    [MemberData(nameof(OpenSslBuilds))]
    public async Task Find_OpenSslBuild_ProbesWhatSslReadExAndSslWriteExForwardTo_OnlyWhenSslReadIsSingleStepped(string file)
    {
        var sites = OpenSslProbeSites.Find(file);

        var read = await DisassembleAsync(file, "SSL_read");
        if (StartsWithPush(read))
        {
            Assert.Null(sites); // the public functions are cheap to probe already
            return;
        }

        Assert.NotNull(sites);
        Assert.Equal(FirstCallTarget(file, await DisassembleAsync(file, "SSL_read_ex")), sites.Read);
        Assert.Equal(FirstCallTarget(file, await DisassembleAsync(file, "SSL_write_ex")), sites.Write);
        using var handle = File.OpenHandle(file);
        foreach (var site in (long[])[sites.Read, sites.Write])
        {
            var first = new byte[2];
            RandomAccess.Read(handle, first, site);
            Assert.True(first[0] is >= 0x50 and <= 0x57 || (first[0] == 0x41 && first[1] is >= 0x50 and <= 0x57), $"0x{site:x} starts with {first[0]:x2} {first[1]:x2}");
        }
    }

    [Fact]
    public void Find_FilesThatAreNotOpenSsl_GiveNothingAndDoNotThrow()
    {
        var directory = Directory.CreateTempSubdirectory("llmo-elf-").FullName;
        try
        {
            var library = ProcessMaps.LibsslInRoot("/")[0];
            var bytes = File.ReadAllBytes(library);
            var garbage = Path.Combine(directory, "garbage");
            File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
            var truncated = Path.Combine(directory, "truncated.so");
            File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 3).ToArray());
            var headerOnly = Path.Combine(directory, "header-only.so");
            File.WriteAllBytes(headerOnly, bytes.AsSpan(0, 64).ToArray());

            Assert.Null(OpenSslProbeSites.Find(garbage));
            Assert.Null(OpenSslProbeSites.Find(truncated));
            Assert.Null(OpenSslProbeSites.Find(headerOnly));
            Assert.Null(OpenSslProbeSites.Find(Path.Combine(directory, "missing")));
            Assert.Null(OpenSslProbeSites.Find("/bin/sh")); // an ELF without OpenSSL
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> DisassembleAsync(string file, string function)
    {
        var info = new ProcessStartInfo("llvm-objdump", ["-d", "--no-show-raw-insn", $"--disassemble-symbols={function}", file]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var objdump = Process.Start(info)!;
        var output = await objdump.StandardOutput.ReadToEndAsync();
        await objdump.WaitForExitAsync();
        Assert.Contains($"<{function}>:", output, StringComparison.Ordinal);
        return output;
    }

    private static bool StartsWithPush(string disassembly) =>
        disassembly.Split('\n').SkipWhile(l => !l.EndsWith(">:", StringComparison.Ordinal)).Skip(1).First().Contains("push", StringComparison.Ordinal);

    /// <summary>The file offset of the first call in a disassembled function.</summary>
    private static long FirstCallTarget(string file, string disassembly)
    {
        var call = CallInstruction().Match(disassembly);
        Assert.True(call.Success, disassembly);
        return ProgramHeaders.FileOffsetOf(file, ulong.Parse(call.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\bcall[q]?\s+0x([0-9a-f]+)")]
    private static partial Regex CallInstruction();

    /// <summary>Load address to file offset by readelf's segment table, independent of the collector's ELF reader.</summary>
    private static class ProgramHeaders
    {
        public static long FileOffsetOf(string library, ulong address)
        {
            var info = new ProcessStartInfo("llvm-readelf", ["-lW", library]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var readelf = Process.Start(info)!;
            foreach (var line in readelf.StandardOutput.ReadToEnd().Split('\n').Where(l => l.TrimStart().StartsWith("LOAD", StringComparison.Ordinal)))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var (offset, vaddr, size) = (Hex(f[1]), Hex(f[2]), Hex(f[4]));
                if (address >= vaddr && address - vaddr < size)
                {
                    return (long)(offset + (address - vaddr));
                }
            }

            throw new InvalidOperationException($"0x{address:x} is in no loaded segment of {library}");
        }

        private static ulong Hex(string value) => ulong.Parse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
