using System.CommandLine;
using LlmObserve.Stress.Faults;
using LlmObserve.Stress.Soak;

var profile = new Option<string>("--profile") { Description = "full (60 s database pause, 5 min network cut) or ci (shorter)", DefaultValueFactory = _ => "full" };
var noSave = new Option<bool>("--no-save") { Description = "Do not write docs/results/<name>.json for the benchmark report (the ci profile never does: the report shows the issue's full run)" };
var faults = new Command("faults",
    "Kill -9 and restart the collector, ingest-api, each scanner worker, RabbitMQ and PostgreSQL in turn, pause PostgreSQL, cut the " +
    "collector off from ingest-api and fill its spool, all under steady captured traffic; then account for every call (run as root).")
{
    profile, noSave,
};
faults.SetAction(async (p, ct) =>
{
    var account = await new FaultSuite(FaultProfile.Named(p.GetRequiredValue(profile)), Console.Out).RunAsync(ct);
    Console.WriteLine();
    Console.WriteLine("Fault-injection account:");
    foreach (var line in account.Lines())
    {
        Console.WriteLine("  " + line);
    }

    if (!p.GetValue(noSave) && account.Profile == FaultProfile.Full.Name)
    {
        Console.WriteLine($"saved {account.ToResult($"dotnet run -c Release --project tests/LlmObserve.Stress -- faults --profile {account.Profile}").Save()}");
    }

    Console.WriteLine(account.Passed ? "PASSED: every call accounted for; none lost or duplicated" : "FAILED: see the account above");
    return account.Passed ? 0 : 1;
});

var minutes = new Option<int>("--minutes") { Description = "Length of the soak", DefaultValueFactory = _ => 30 };
var rate = new Option<int>("--rate") { Description = "Calls per second", DefaultValueFactory = _ => 200 };
var sample = new Option<int>("--sample-seconds") { Description = "Seconds between two samples of every process", DefaultValueFactory = _ => 60 };
var soak = new Command("soak",
    "Run the whole system at a steady rate, sample memory and CPU of every process, fail on memory growth that does not level off (run as root).")
{
    minutes, rate, sample, noSave,
};
soak.SetAction(async (p, ct) =>
{
    var command = $"dotnet run -c Release --project tests/LlmObserve.Stress -- soak --minutes {p.GetValue(minutes)} --rate {p.GetValue(rate)}";
    var result = await new SoakRun(TimeSpan.FromMinutes(p.GetValue(minutes)), p.GetValue(rate), TimeSpan.FromSeconds(p.GetValue(sample)), Console.Out).RunAsync(command, ct);
    if (!p.GetValue(noSave))
    {
        Console.WriteLine($"saved {result.Save()}");
    }

    Console.WriteLine(result.Passed ? "PASSED: memory flat after warm-up for every process; every call stored" : "FAILED: see above");
    return result.Passed ? 0 : 1;
});

// Ctrl-C cancels the run; stopping the servers, removing the network namespace and the temporary
// directories takes longer than the default 2 s before the process is ended.
return await new RootCommand("LlmObserve under faults and long load, on this machine's real servers") { faults, soak }.Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(2) });
