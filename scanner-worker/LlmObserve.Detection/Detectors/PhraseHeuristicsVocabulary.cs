using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmObserve.Detection.Detectors;

/// <summary>Word lists the phrase rules share, as regex fragments (constants, so the regex source generator sees them).</summary>
internal static class PhraseHeuristicsVocabulary
{
    /// <summary>
    /// Every way the unrestricted-persona tail can end contains one of these (case-insensitive substrings): the
    /// persona rules, whose common anchors ("be", "act", "an AI") start many candidates in ordinary text, are
    /// tried only where one of them follows within <see cref="PhraseRule.Reach"/>.
    /// </summary>
    public static readonly SearchValues<string> UnrestrictedTailWords = SearchValues.Create(
        [
            "moral", "ethic", "filter", "restrict", "limit", "rule", "censor", "guideline", "principle", "boundar", "conscience",
            "qualm", "programming", "polic", "safeguard", "guardrail", "constraint", "law", "protocol",
            "do any", "say any", "answer any", "generate any", "write any", "tell any", "refuse", "decline", "say no", "says no",
            "liberated", "freed", "released", "escaped", "unshackled", "jailbroken",
        ],
        StringComparison.OrdinalIgnoreCase);

    public const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>
    /// Rules are anchored and bounded, so a match takes microseconds; the timeout only guards against a mistake.
    /// It must be loose: the clock runs while the runtime compiles a large generated matcher on its first use,
    /// and 250 ms was once exceeded that way on a busy 2-core machine (a jailbreak persona phrase was missed).
    /// </summary>
    public const int TimeoutMs = 2000;

    /// <summary>Verbs that set instructions aside.</summary>
    public const string IgnoreVerb =
        @"(?:ignore|disregard|forget|overrid(?:e|ing)|overwrite|bypass|skip|abandon|discard|dismiss|neglect|cancel|void|nullify|erase|drop|scrap|ditch|delete|remove|suspend|set\s+aside|throw\s+(?:out|away)|pay\s+no\s+(?:attention|heed)\s+to|(?:do\s+not|don'?t|never|stop)\s+(?:follow(?:ing)?|obey(?:ing)?|adher(?:e|ing)\s+to|listen(?:ing)?\s+to|comply(?:ing)?\s+with))";

    /// <summary>Words that may stand between the verb and what is set aside ("all of the", "any and").</summary>
    public const string Filler =
        @"(?:all|any|each|every|the|your|its|their|of|these|those|this|that|and|or|&|whatever|other|given|provided|existing|current|default|following|received|safety|content|security|ethical|moral|core|hidden|you(?:'ve|\s+have|\s+were|\s+got|\s+received)?|(?:been\s+)?(?:told|given|received|got)|conversation|conversations)";

    /// <summary>Words that say which instructions: the earlier ones, the system's.</summary>
    public const string Earlier =
        @"(?:previous(?:ly)?|prior|preceding|above|earlier|former|past|original|initial|old|foregoing|aforementioned|system|developer|pre-?existing|starting)";

    /// <summary>What is set aside: the instructions, in their many names.</summary>
    public const string Orders =
        @"(?:instructions?|directions?|directives?|commands?|prompts?|rules|guidelines|guidance|constraints|restrictions|programming|orders|context|conversations?|polic(?:y|ies)|training|everything|tasks?|constraints|protocols?|safeguards|guardrails|filters)";

    /// <summary>After the instructions, words that say they came earlier ("you got before", "given so far").</summary>
    public const string GivenBefore =
        @"(?:(?:that\s+|which\s+)?(?:you(?:'ve|\s+have|\s+were|\s+had)?|(?:have\s+)?been|i\s+gave\s+you|were)\s+(?:been\s+)?(?:got(?:ten)?|given|received|told|provided|fed|programmed\s+with)(?:\s+(?:with|to\s+you))?(?:\s+(?:before|previously|earlier|so\s+far|until\s+now|up\s+to\s+now|in\s+the\s+past|above))?|(?:from|in|of)\s+(?:the\s+|your\s+)?(?:system|developer|operator|original|previous|initial)\s+(?:message|prompt|instructions)|(?:the\s+|your\s+)?(?:developer|operator|creator|system|administrator|admin|company|openai)s?\s+(?:gave|set|wrote|provided|gives|sets|programmed|defined)|(?:before|above|so\s+far|until\s+now|up\s+to\s+(?:now|this\s+point)))";

    /// <summary>Verbs that ask for text to be shown.</summary>
    public const string ExtractVerb =
        @"(?:reveal|show|print|display|output|repeat|recite|tell|give|share|disclose|leak|dump|list|write(?:\s+(?:out|down))?|type\s+out|spell\s+out|copy|paste|return|expose|provide|send|translate|summari[sz]e|describe|read|echo|state|convert|encode|format|rewrite|paraphrase|quote|put|what\s+(?:is|are|was|were|'s)|what's)";

    /// <summary>Words that may stand between an extraction verb and what it asks for ("me back exactly the full text of").</summary>
    public const string ExtractFiller =
        @"(?:\W+(?:me|us|back|out|all|exactly|verbatim|word\s+for\s+word|of|in\s+full|in\s+detail|to\s+me|again|everything\s+in|the\s+(?:full\s+|entire\s+|complete\s+|exact\s+)?(?:text|content|contents|wording)\s+of)){0,4}";
}
