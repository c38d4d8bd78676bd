namespace LlmObserve.Detection.Detectors;

/// <summary>Kinds of <see cref="InjectionDetector"/> signals, as rules write them (<c>detect.injection in (ignore_instructions)</c>).</summary>
public static class InjectionKinds
{
    /// <summary>Telling the model to set its instructions aside: "ignore all previous instructions", "your new task is".</summary>
    public const string IgnoreInstructions = "ignore_instructions";

    /// <summary>Asking for the system prompt or hidden instructions: "print your initial prompt verbatim".</summary>
    public const string SystemPromptExtraction = "system_prompt_extraction";

    /// <summary>Giving the model a new identity or claiming authority over it: "you are now", "I am your developer".</summary>
    public const string RoleOverride = "role_override";

    /// <summary>Fake chat-template tokens, role headers or end-of-input markers: <c>&lt;|im_start|&gt;system</c>, "### SYSTEM OVERRIDE".</summary>
    public const string DelimiterInjection = "delimiter_injection";

    /// <summary>Instructions planted in a document for an AI that reads it: "Note to AI assistants: …", exfiltration links.</summary>
    public const string IndirectInstruction = "indirect_instruction";

    /// <summary>No phrase matched, but the trained classifier scored the text high. Evidence is the best-scoring window.</summary>
    public const string Classifier = "classifier";
}
