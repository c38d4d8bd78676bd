using LlmObserve.Web.Cli;

// No arguments (or only host settings such as --urls): serve the console. `users add …` manages
// console users. See `--help`.
return await WebCommandLine.Create().Parse(args).InvokeAsync();
