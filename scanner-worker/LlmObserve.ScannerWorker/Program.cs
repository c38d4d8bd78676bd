using LlmObserve.Data.Migrations;
using LlmObserve.ScannerWorker;
using LlmObserve.ServiceDefaults;

var app = ScannerWorkerApp.Build(args);
try
{
    await app.EnsureDatabaseSchemaAsync();
}
catch (SchemaNotCurrentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
