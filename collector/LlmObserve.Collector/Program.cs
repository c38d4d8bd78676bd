using LlmObserve.Collector.Cli;

// `run` is the default command: `llmobserve-collector --ingest-url …` runs the daemon.
if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "--version"))
{
    args = ["run", .. args];
}

return await CollectorCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
