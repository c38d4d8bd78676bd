namespace LlmObserve.Detection.Rules;

/// <summary>One problem in a rule file, at the exact place it is (1-based line and column).</summary>
public sealed record RuleError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>One rule file: its name (for error messages) and its YAML text.</summary>
public sealed record RuleSource(string File, string Yaml);

/// <summary>What <see cref="RuleCompiler.Compile"/> produced: a rule set, or every error found (never both).</summary>
public sealed record RuleSetResult(RuleSet? RuleSet, IReadOnlyList<RuleError> Errors)
{
    public bool Succeeded => RuleSet is not null;
}
