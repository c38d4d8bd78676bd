using LlmObserve.IngestApi.Cli;

// No arguments (or only host settings such as --urls): serve the API. Otherwise a command:
// `migrate`, `admin …`. See `--help`.
return await IngestApiCommandLine.Create().Parse(args).InvokeAsync();
