using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using LlmObserve.Collector.Ebpf.Events;
using LlmObserve.Testing;

namespace LlmObserve.Collector.Tests;

/// <summary>
/// The kernel↔user layouts are declared once in bpf/llmobserve.h; this compares the BTF that clang
/// wrote into the compiled object with the C# mirrors, field by field.
/// </summary>
public sealed class EventLayoutTests
{
    private static readonly string ObjectPath = Path.Combine(AppContext.BaseDirectory, "bpf", "llmobserve.bpf.o");

    public static TheoryData<string, Type> Structs() => new()
    {
        { "llmo_config", typeof(llmo_config) },
        { "llmo_event_header", typeof(llmo_event_header) },
        { "llmo_data_event", typeof(llmo_data_event) },
        { "llmo_conn_event", typeof(llmo_conn_event) },
        { "llmo_proc_event", typeof(llmo_proc_event) },
    };

    [Theory]
    [MemberData(nameof(Structs))]
    public void CSharpStruct_MatchesKernelHeader_FieldByField(string name, Type type)
    {
        var btf = BtfType(name);
        Assert.Equal(btf.GetProperty("size").GetInt32(), Marshal.SizeOf(type));
        var members = btf.GetProperty("members").EnumerateArray().ToList();
        var fields = type.GetFields().Select(f => f.Name).ToList();
        Assert.Equal(members.Select(m => m.GetProperty("name").GetString()), fields);
        foreach (var member in members)
        {
            var field = member.GetProperty("name").GetString()!;
            Assert.Equal(member.GetProperty("bits_offset").GetInt32() / 8, (int)Marshal.OffsetOf(type, field));
        }
    }

    [Fact]
    public void KernelEnums_MatchTheirCSharpNames()
    {
        var kinds = EnumValues("llmo_event_kind");
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            Assert.Equal((int)kind, kinds["LLMO_EVENT_" + kind.ToString().ToUpperInvariant()]);
        }

        Assert.Equal(KernelCounters.Names.Count, EnumValues("llmo_counter")["LLMO_CNT__MAX"]);
    }

    private static Dictionary<string, int> EnumValues(string name) =>
        BtfType(name).GetProperty("values").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("val").GetInt32(), StringComparer.Ordinal);

    private static JsonElement BtfType(string name)
    {
        var json = Btf.Value;
        foreach (var type in json.RootElement.GetProperty("types").EnumerateArray())
        {
            if (type.TryGetProperty("name", out var n) && n.GetString() == name && type.GetProperty("kind").GetString() is "STRUCT" or "ENUM")
            {
                return type;
            }
        }

        throw new InvalidOperationException($"{name} is not in the BTF of {ObjectPath}");
    }

    private static readonly Lazy<JsonDocument> Btf = new(() =>
    {
        var bpftool = new[] { "/usr/sbin/bpftool", "/usr/bin/bpftool" }.FirstOrDefault(File.Exists);
        if (bpftool is null)
        {
            TestEnvironment.Unavailable("bpftool is not installed (apt-get install bpftool)");
        }

        var start = new ProcessStartInfo(bpftool!, ["-j", "btf", "dump", "file", ObjectPath]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bpftool failed: {process.StandardError.ReadToEnd()}");
        return JsonDocument.Parse(output);
    });
}
