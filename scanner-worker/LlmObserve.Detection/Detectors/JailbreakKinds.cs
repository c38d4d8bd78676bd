namespace LlmObserve.Detection.Detectors;

/// <summary>Kinds of <see cref="JailbreakDetector"/> signals, as rules write them (<c>detect.jailbreak in (persona)</c>).</summary>
public static class JailbreakKinds
{
    /// <summary>An unrestricted persona: DAN, STAN, AIM, "an AI that has no ethical guidelines", "broken free of the confines".</summary>
    public const string Persona = "persona";

    /// <summary>A "mode" that lifts the rules: developer mode, DAN mode, jailbreak mode.</summary>
    public const string DeveloperMode = "developer_mode";

    /// <summary>The claim that no rules, filters or policies apply.</summary>
    public const string NoRestrictions = "no_restrictions";

    /// <summary>A fiction that excuses anything: a world without laws, "regardless of legality", the late-grandmother story.</summary>
    public const string HypotheticalBypass = "hypothetical_bypass";

    /// <summary>Two answers, one "normal" and one without rules: "[GPT]: … [DAN]: …".</summary>
    public const string DualResponse = "dual_response";

    /// <summary>Orders never to refuse, apologize or warn: "never say 'I'm sorry'", token penalties for refusing.</summary>
    public const string RefusalSuppression = "refusal_suppression";

    /// <summary>No phrase matched, but the trained classifier scored the prompt high. Evidence is the best-scoring window.</summary>
    public const string Classifier = "classifier";
}
