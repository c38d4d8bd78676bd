using LlmObserve.ScannerWorker.Cli;

// No arguments (or only host settings): run the worker. `scan --input FILE`: scan JSONL offline. See `--help`.
return await ScannerCommandLine.Create().Parse(args).InvokeAsync();
