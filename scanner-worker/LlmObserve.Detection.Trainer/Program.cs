using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Trainer;

// Trains the injection/jailbreak classifier: see README.md beside this file.
// Usage: dotnet run --project scanner-worker/LlmObserve.Detection.Trainer -c Release -- --out <model.bin> [--data <dir>] [--no-cv]
var options = TrainerOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --out <model.bin> [--data <dir>] [--no-cv] [--l2 <x>] [--positive-weight <x>] [--epochs <n>]");
    return 2;
}

var settings = options.Settings;
Console.WriteLine($"Loading {options.DataDirectory}");
var rows = TrainingData.Load(options.DataDirectory);
Console.WriteLine($"{rows.Count} rows: {rows.Count(r => r.IsAttack)} attacks, {rows.Count(r => r.Label == Labels.Benign)} benign, {rows.Count(r => r.Label == Labels.Harmful)} harmful");
var perRow = WindowedDataset.Build(rows, settings.HashBits, settings.WindowSize, settings.WindowStride);
Console.WriteLine($"{perRow.Sum(w => w.Count)} windows of {settings.WindowSize} tokens every {settings.WindowStride}");

if (options.CrossValidate)
{
    Console.WriteLine("Cross-validating (leave one source out)");
    CrossValidation.LeaveOneSourceOut(rows, perRow, settings);
}

Console.WriteLine();
Console.WriteLine("Training on every row");
var (weights, bias) = LogisticTrainer.Train(perRow, [.. Enumerable.Range(0, rows.Count)], settings);
var model = PromptClassifierModel.Quantize(settings.HashBits, settings.WindowSize, settings.WindowStride, bias, weights);
var bytes = model.ToBytes();
PromptClassifier.Load(bytes);
File.WriteAllBytes(options.OutputPath, bytes);
Console.WriteLine($"Wrote {options.OutputPath}: {bytes.Length} bytes, {model.NonZeroWeights} non-zero weights");
Evaluation.Print("In-sample (trained on these rows: optimistic), detectors at the default threshold:", Evaluation.BySource(rows, Evaluation.Detectors(new PromptClassifier(model))));
return 0;
