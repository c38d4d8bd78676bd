using Iced.Intel;

namespace LlmObserve.Collector.Ebpf.Attach;

/// <summary>
/// File offsets of OpenSSL's internal read and write functions, probed instead of the public ones
/// because a hit there costs a traced process little. A uprobe hit on an instruction the kernel cannot
/// emulate is single-stepped out of line; the debug trap that takes is slow, and under a hypervisor that
/// intercepts it (most cloud nodes) it leaves the virtual machine: 11.4 µs per hit on this project's
/// machine against 0.8 µs for an emulated one (<c>tests/LlmObserve.Benchmarks/uprobe-cost</c>). OpenSSL's
/// SSL_read/SSL_write begin with <c>sub $n,%rsp</c>, which is single-stepped; the internal function that
/// SSL_read and SSL_read_ex both call (and likewise for writes) begins by pushing registers, which is emulated,
/// and takes the <c>_ex</c> arguments. Sites are used only when the code has that shape: SSL_read_ex only
/// forwards its arguments to the function, SSL_read calls it too, and it starts with an emulated instruction.
/// Otherwise (or when the public functions start with one already, as in Node.js's build) the caller probes
/// the public functions.
/// </summary>
/// <param name="Read">ssl_read_internal(ssl, buf, num, size_t *readbytes), called by SSL_read and SSL_read_ex.</param>
/// <param name="Write">ssl_write_internal(ssl, buf, num, size_t *written), called by SSL_write and SSL_write_ex.</param>
internal sealed record OpenSslProbeSites(long Read, long Write)
{
    private const int MaxWrapperBytes = 512;
    private static readonly HashSet<string> Wanted = ["SSL_read", "SSL_read_ex", "SSL_write", "SSL_write_ex"];
    private static readonly HashSet<Register> ArgumentRegisters = [Register.RDI, Register.RSI, Register.RDX, Register.RCX];

    public static OpenSslProbeSites? Find(string path)
    {
        using var elf = ElfSymbols.TryRead(path, Wanted);
        if (elf is null)
        {
            return null;
        }

        try
        {
            return CommonCallee(elf, "SSL_read_ex", "SSL_read") is { } read && CommonCallee(elf, "SSL_write_ex", "SSL_write") is { } write && read != write
                ? new OpenSslProbeSites(read, write)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null; // code outside the file, or the file changed: probe the public functions
        }
    }

    /// <summary>
    /// The file offset of the function that <paramref name="exName"/> forwards its arguments to and
    /// <paramref name="name"/> calls too, when <paramref name="name"/> itself is single-stepped and that
    /// function's first instruction is emulated; null otherwise.
    /// </summary>
    private static long? CommonCallee(ElfSymbols elf, string exName, string name)
    {
        if (!elf.TryFind(exName, out var ex) || !elf.TryFind(name, out var plain) || EmulatedByTheKernel(elf, plain.Address))
        {
            return null;
        }

        if (ForwardedTo(elf, ex) is not { } target || !DirectCalls(elf, plain).Contains(target) || !EmulatedByTheKernel(elf, target))
        {
            return null;
        }

        return elf.FileOffsetOf(target);
    }

    /// <summary>
    /// The target of a wrapper's first call when everything before it is straight-line code that leaves the
    /// argument registers (rdi, rsi, rdx, rcx) alone, so the callee gets the wrapper's arguments.
    /// </summary>
    private static ulong? ForwardedTo(ElfSymbols elf, ElfFunction wrapper)
    {
        var code = elf.ReadCode(wrapper, MaxWrapperBytes);
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code), wrapper.Address);
        var info = new InstructionInfoFactory();
        var end = wrapper.Address + (ulong)code.Length;
        while (decoder.IP < end)
        {
            decoder.Decode(out var instruction);
            if (instruction.Code == Code.Call_rel32_64)
            {
                return instruction.NearBranch64;
            }

            if (instruction.IsInvalid || instruction.FlowControl != FlowControl.Next
                || info.GetInfo(instruction).GetUsedRegisters().Any(r => r.Access != OpAccess.Read && ArgumentRegisters.Contains(r.Register.GetFullRegister())))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Targets of the direct calls in a function's code, in order, up to its first return.</summary>
    private static List<ulong> DirectCalls(ElfSymbols elf, ElfFunction function)
    {
        var code = elf.ReadCode(function, MaxWrapperBytes);
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code), function.Address);
        var calls = new List<ulong>();
        var end = function.Address + (ulong)code.Length;
        while (decoder.IP < end)
        {
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid || instruction.Mnemonic == Mnemonic.Ret)
            {
                break;
            }

            if (instruction.Code == Code.Call_rel32_64)
            {
                calls.Add(instruction.NearBranch64);
            }
        }

        return calls;
    }

    /// <summary>
    /// Whether the instruction at <paramref name="address"/> is one arch/x86/kernel/uprobes.c emulates instead of
    /// single-stepping: nops, relative jumps and calls, and <c>push r64</c> (with no prefix but REX.B).
    /// </summary>
    private static bool EmulatedByTheKernel(ElfSymbols elf, ulong address)
    {
        if (elf.FileOffsetOf(address) is not { } offset)
        {
            return false;
        }

        var code = elf.ReadCode(new ElfFunction(address, 16, offset), 16);
        Decoder.Create(64, new ByteArrayCodeReader(code), address).Decode(out var first);
        return first.Code switch
        {
            Code.Push_r64 => first.Length == 1 || (first.Length == 2 && code[0] == 0x41),
            Code.Nopd or Code.Nopw or Code.Nopq or Code.Jmp_rel8_64 or Code.Jmp_rel32_64 or Code.Call_rel32_64 => true,
            _ => false,
        };
    }
}
