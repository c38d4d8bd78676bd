using System.CommandLine;
using LlmObserve.Fuzzing;
using LlmObserve.Fuzzing.Corpus;

var target = new Option<string>("--target") { Description = "A target's name, or all", DefaultValueFactory = _ => "all" };
var inputs = new Option<long>("--inputs") { Description = "Inputs per target (seeds included)", DefaultValueFactory = _ => 10_000_000 };
var seconds = new Option<double?>("--seconds") { Description = "Seconds per target instead of (or as well as) --inputs: whichever ends first" };
var seed = new Option<int>("--seed") { Description = "Seed of every random choice; the same seed and --inputs give the same inputs", DefaultValueFactory = _ => 20261121 };
var run = new Command("run", "Fuzz the parsers: seeds, then mutated inputs; report crashes, hangs and memory blow-ups, saving each as a regression.")
{
    target, inputs, seconds, seed,
};
run.SetAction(p => FuzzCommand.Run(p.GetRequiredValue(target), p.GetValue(inputs), p.GetValue(seconds), p.GetValue(seed), Console.Out));

var replayTarget = new Option<string>("--target") { Description = "The target the input is for", Required = true };
var replayFile = new Argument<FileInfo[]>("file") { Description = "Input files (e.g. regressions/<target>/<sha1>.bin)" };
var replay = new Command("replay", "Run saved inputs once each and print their outcome: problem, time, bytes allocated.") { replayTarget, replayFile };
replay.SetAction(p => FuzzCommand.Replay(p.GetRequiredValue(replayTarget), p.GetRequiredValue(replayFile), Console.Out));

var corpus = new Command("corpus", "(Re)write tests/LlmObserve.Fuzzing/corpus from real material in the repository.");
corpus.SetAction(_ => CorpusGenerator.WriteAll(Console.Out));

return await new RootCommand("LlmObserve parser fuzzer") { run, replay, corpus }.Parse(args).InvokeAsync();
