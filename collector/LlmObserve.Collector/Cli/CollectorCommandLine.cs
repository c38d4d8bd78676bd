using System.CommandLine;
using LlmObserve.Collector.Capture;
using LlmObserve.Collector.Doctor;
using LlmObserve.Collector.Ebpf;

namespace LlmObserve.Collector.Cli;

/// <summary>The collector's commands: run (default), doctor, trace.</summary>
public static class CollectorCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("LlmObserve node collector: captures LLM traffic with eBPF and ships it to ingest-api.");
        var doctor = new Command("doctor", "Check whether this kernel and these privileges can run the collector (mounts tracefs when missing).");
        doctor.SetAction(_ => DoctorCommand.Run(Console.Out, new CaptureProbeOptions().ObjectPath));
        root.Subcommands.Add(doctor);

        var seconds = new Option<int>("--seconds") { Description = "How long to trace.", DefaultValueFactory = _ => 10 };
        var ports = new Option<int[]>("--plaintext-port") { Description = "Plaintext model-server port to capture (repeatable).", AllowMultipleArgumentsPerToken = true };
        var trace = new Command("trace", "Print the kernel's raw capture events for a while (coverage check).") { seconds, ports };
        trace.SetAction((parse, ct) => TraceCommand.RunAsync(
            Console.Out,
            new CaptureProbeOptions { PlaintextPorts = parse.GetValue(ports) ?? [] },
            TimeSpan.FromSeconds(parse.GetValue(seconds)),
            ct));
        root.Subcommands.Add(trace);
        root.Subcommands.Add(RunCommand.Build());
        return root;
    }
}
