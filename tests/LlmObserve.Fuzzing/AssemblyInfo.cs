using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("LlmObserve.Fuzzing.Tests")]
