using System.Globalization;

namespace LlmObserve.Detection.Trainer;

/// <summary>The command line: where to write the model, where the data is, whether to cross-validate first.</summary>
internal sealed record TrainerOptions(string OutputPath, string DataDirectory, bool CrossValidate, TrainerSettings Settings)
{
    public static TrainerOptions? Parse(IReadOnlyList<string> args)
    {
        string? output = null;
        string? data = null;
        var crossValidate = true;
        var settings = new TrainerSettings();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                case "--data" when i + 1 < args.Count:
                    data = args[++i];
                    break;
                case "--no-cv":
                    crossValidate = false;
                    break;
                case "--l2" when i + 1 < args.Count:
                    settings = settings with { L2 = float.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--positive-weight" when i + 1 < args.Count:
                    settings = settings with { PositiveWeight = float.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--epochs" when i + 1 < args.Count:
                    settings = settings with { Epochs = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                default:
                    return null;
            }
        }

        return output is null ? null : new TrainerOptions(Path.GetFullPath(output), data ?? TrainingData.DefaultDirectory(), crossValidate, settings);
    }
}
