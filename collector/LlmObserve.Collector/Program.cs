using LlmObserve.Collector.Cli;

return await CollectorCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
