using LlmObserve.Detection.Engine;
using System.Text.RegularExpressions;
using static LlmObserve.Detection.Detectors.PhraseHeuristicsVocabulary;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Phrases of jailbreak templates: an unrestricted persona (DAN and its kin), a "mode" that lifts the rules, the
/// claim that no rules apply, a fiction that excuses anything, two answers (one "normal", one not), and orders
/// never to refuse. The families are named after what they do, not after one template, so new templates with
/// new persona names still match. Weights as in <see cref="PhraseHeuristicsInjectionRules"/>.
/// </summary>
internal static partial class PhraseHeuristicsJailbreakRules
{
    private const string Jailbreak = DetectorNames.Jailbreak;

    private static readonly string[] PersonaVerbs =
    [
        "pretend", "roleplay", "role-play", "role play", "simulate", "embody", "immerse", "emulate", "portray", "impersonate",
        "act as", "act like", "behave as", "behave like", "you are a", "you are an", "you are now", "you're a", "you're an",
        "you will be", "become a", "become an", "take on", "play the", "play a", "play as", "answer as", "respond as",
        "imagine you", "you are going to", "you will now",
    ];

    private static readonly string[] NoRestrictionAnchors =
    [
        "free of", "free from", "freed from", "without", "not bound", "not restricted", "not limited", "not constrained", "not subject",
        "doesn't", "doesnt", "does not", "don't have", "dont have", "dont follow", "dont care", "do not have", "don't follow", "do not follow", "don't care", "do not care", "don't abide",
        "do not abide", "don't obey", "do not obey", "won't follow", "will not follow", "never follow", "cannot follow", "can't follow",
        "don't adhere", "do not adhere", "don't respect", "do not respect", "don't comply", "do not comply", "ignore", "ignores", "ignoring", "ignored", "disregard", "beyond",
        "unbound", "unconstrained", "regardless", "has no", "have no", "with no", "bypass", "bypasses", "bypassing", "circumvent", "circumvents", "circumventing", "evade", "evading", "override",
        "overriding", "disable", "disables", "disabled", "disabling", "turn off", "turned off", "turns off", "remove", "removes", "removed", "removing", "lift", "lifts", "lifted", "no ethics", "no ethical", "no moral", "no morals", "no filter", "no filters", "no filtering", "no restriction", "no restrictions", "no limit", "no limits", "no limitations",
        "no rule", "no rules", "no censor", "no censorship", "no guideline", "no guidelines", "no boundaries", "no safety", "no content", "no programming", "no openai", "no constraint", "no constraints",
        "no principles", "no safeguards", "no guardrails", "no legal", "no policy", "no policies", "no ai",
    ];

    private static readonly string[] AnswerPrefixAnchors =
    [
        "[gpt", "[chatgpt", "[dan", "[betterdan", "[antidan", "[antigpt", "[jailbreak", "[jailbroken", "[classic", "[normal", "[developer", "[evil", "[unfiltered",
        "[filtered", "[aim", "[stan", "[dude", "[🔒", "[🔓", "[😈", "(gpt", "(chatgpt", "(dan", "(🔒", "(🔓", "(😈", "(developer", "(normal",
        "(jailbreak", "(jailbroken", "(classic", "🔒", "🔓", "😈",
    ];

    public static PhraseRule[] All { get; } =
    [
        new(Jailbreak, JailbreakKinds.Persona, 0.9, KnownPersonaPhrase(), "do anything now", "strive to avoid norms", "always intelligent", "superior do anything"),
        new(Jailbreak, JailbreakKinds.Persona, 0.35, KnownPersonaName(), "dan", "stan", "dude", "ucar", "betterdan", "antidan", "antigpt", "basedgpt", "evilbot", "devmode", "jailbreak", "jailbroken", "aim", "nraf", "oppo", "mongo tom", "omega", "apophis", "balakula"),
        new(Jailbreak, JailbreakKinds.Persona, 0.45, JailbrokenWord(), "jailbreak", "jailbroken", "jailbreaking", "jailbreaks", "jailbroke"),
        new(Jailbreak, JailbreakKinds.Persona, 0.75, UnrestrictedPersona(), PersonaVerbs) { Near = UnrestrictedTailWords },
        new(Jailbreak, JailbreakKinds.Persona, 0.45, UnrestrictedAi(), "ai", "chatbot", "bot", "model", "assistant", "llm", "character", "persona", "entity", "gpt", "version of") { Near = UnrestrictedTailWords },
        new(Jailbreak, JailbreakKinds.Persona, 0.7, VersionBeforeSafety(), "version of", "yourself", "you from", "you before", "you without"),
        new(Jailbreak, JailbreakKinds.Persona, 0.5, OppositeOf(), "opposite", "the opposite", "the exact opposite", "exact opposite"),
        new(Jailbreak, JailbreakKinds.Persona, 0.8, BrokenFree(), "broken", "break", "broke", "freed", "free", "liberated", "released", "escaped", "unshackled"),
        new(Jailbreak, JailbreakKinds.Persona, 0.3, StayInCharacter(), "stay", "remain", "keep in", "break character", "breaking character", "broke character", "broken character", "don't break", "do not break", "never break"),
        new(Jailbreak, JailbreakKinds.Persona, 0.4, AcronymPersona(), "named", "called", "known as", "name is"),
        new(Jailbreak, JailbreakKinds.DeveloperMode, 0.85, StrongMode(), "dan", "jailbreak", "jailbroken", "unrestricted", "unfiltered", "uncensored", "evil", "chaos", "anarchy", "opposite", "unlocked", "no-filter", "no filter", "nofilter", "unleashed"),
        new(Jailbreak, JailbreakKinds.DeveloperMode, 0.85, DeveloperModeAi(), "simulate", "emulate", "pretend", "act as", "act like", "enable", "activate", "enter", "developer mode", "dev mode", "with developer", "with dev", "in developer", "in dev"),
        new(Jailbreak, JailbreakKinds.DeveloperMode, 0.3, ModeEnabled(), "mode", "enable", "activate", "simulate", "enter", "switch to", "switch into", "turn on", "unlock"),
        new(Jailbreak, JailbreakKinds.NoRestrictions, 0.7, NoAiRestrictions(), NoRestrictionAnchors),
        new(Jailbreak, JailbreakKinds.NoRestrictions, 0.35, NoRestrictionsGeneric(), NoRestrictionAnchors),
        new(Jailbreak, JailbreakKinds.NoRestrictions, 0.45, RestrictionsLifted(), "restrictions", "filters", "limits", "limitations", "rules", "guardrails", "safeguards", "guidelines", "censorship"),
        new(Jailbreak, JailbreakKinds.NoRestrictions, 0.7, FiltersDisabled(), "your content", "your safety", "your filters", "your filter", "your ethical", "your moral", "your guardrails", "your restrictions", "your rules", "your guidelines", "your safeguards", "your own", "its content", "its safety", "its filters", "its guardrails", "its restrictions", "its rules", "its own", "content", "safety", "ethical", "moral"),
        new(Jailbreak, JailbreakKinds.NoRestrictions, 0.3, UnfilteredWord(), "unfiltered", "uncensored", "amoral", "unrestricted", "unethical", "unhinged", "immoral", "nonmoral", "no morals", "no ethics", "without morals", "without ethics"),
        new(Jailbreak, JailbreakKinds.NoRestrictions, 0.35, VendorPolicy(), "openai", "open ai", "anthropic", "google", "chatgpt", "content policy", "content policies", "usage policy", "usage policies", "safety policy", "safety policies"),
        new(Jailbreak, JailbreakKinds.RefusalSuppression, 0.45, NeverRefuse(), "refuse", "decline", "reject", "say no"),
        new(Jailbreak, JailbreakKinds.RefusalSuppression, 0.65, NoApologies(), "sorry", "'sorry", "\"sorry", "it can't", "it cannot", "he can't", "she can't", "they can't", "it won't", "it is not", "i'm sorry", "i’m sorry", "im sorry", "i am sorry", "i cannot", "i can't", "i can’t", "i apologize", "i apologise", "as an ai", "i'm an ai", "i am an ai", "i'm just an ai", "i am just an ai", "you cannot", "you can't", "you are not able", "you are unable", "that you can", "\"i", "“i", "'i", "\"as", "“as", "'as"),
        new(Jailbreak, JailbreakKinds.RefusalSuppression, 0.3, NoDisclaimers(), "warning", "disclaimer", "caveat", "refusal", "moralizing", "moralising", "moralize", "moralise", "morals", "moralizing", "warnings", "disclaimers", "caveats", "refusals", "lectures", "reminders", "ethical concerns", "ethical considerations", "ethical warnings", "lecture", "ethical concern", "ethical consideration", "ethical warning", "moral", "reminder"),
        new(Jailbreak, JailbreakKinds.RefusalSuppression, 0.6, RefusedThingsAllowed(), "everything", "anything", "whatever", "all the", "all things", "all requests", "all questions"),
        new(Jailbreak, JailbreakKinds.RefusalSuppression, 0.6, AffirmativePrefix(), "start", "begin"),
        new(Jailbreak, JailbreakKinds.RefusalSuppression, 0.6, TokenPenalty(), "tokens", "token system", "lose", "deduct", "deducted", "each time you"),
        new(Jailbreak, JailbreakKinds.HypotheticalBypass, 0.7, WorldWithoutRules(), "hypothetical", "fictional", "imaginary", "pretend", "make-believe", "alternate", "parallel", "fantasy", "virtual", "imagine"),
        new(Jailbreak, JailbreakKinds.HypotheticalBypass, 0.45, RegardlessOfLegality(), "regardless", "no matter", "irrespective", "whether or not"),
        new(Jailbreak, JailbreakKinds.HypotheticalBypass, 0.45, PretendDeceased(), "pretend", "act", "roleplay", "role-play", "play", "imagine"),
        new(Jailbreak, JailbreakKinds.HypotheticalBypass, 0.6, RulesDontApply(), "rules", "guidelines", "restrictions", "policy", "policies", "ethics", "laws", "filters", "limits"),
        new(Jailbreak, JailbreakKinds.HypotheticalBypass, 0.3, DeceasedRelative(), "my late", "my deceased", "my dead", "my dying", "my grandma", "my grandmother", "my grandpa", "my grandfather", "my granny", "my nana", "my mother", "my mom", "my father", "my dad", "late grandmother", "late grandma", "late grandfather", "late grandpa", "deceased grandmother", "deceased father", "deceased mother"),
        new(Jailbreak, JailbreakKinds.HypotheticalBypass, 0.25, HypotheticalFrame(), "in this hypothetical", "in a hypothetical", "in this fictional", "in a fictional", "purely", "just hypothetical", "for educational", "for research", "hypothetically", "this is a hypothetical", "this is a fictional", "this is just"),
        new(Jailbreak, JailbreakKinds.HypotheticalBypass, 0.35, NoConsequences(), "none of", "no real", "there are no", "without any real", "nothing you", "it's all", "everything is", "this is all"),
        new(Jailbreak, JailbreakKinds.DualResponse, 0.35, TwoWays(), "two different", "two separate", "two distinct", "two ways", "two responses", "two answers", "two paragraphs", "two outputs", "two versions", "two personalities", "two manners", "two styles", "two personas", "two replies", "two kinds", "two types", "2 ways", "2 different", "2 separate", "2 responses", "2 answers", "both ways", "both responses", "both answers", "both personas", "both personalities", "both versions"),
        new(Jailbreak, JailbreakKinds.DualResponse, 0.6, AnswerPrefix(), AnswerPrefixAnchors),
        new(Jailbreak, JailbreakKinds.DualResponse, 0.45, FirstAsYourself(), "first as", "first yourself", "one as", "first normal", "first usual", "first, as", "first, normal", "first,"),
        new(Jailbreak, JailbreakKinds.DualResponse, 0.35, AnswerTwice(), "answer every", "answer each", "answer all", "answer my", "respond to every", "reply to every", "respond to each", "reply to each", "respond to all", "reply to all", "respond to my", "reply to my"),
        new(Jailbreak, JailbreakKinds.DualResponse, 0.45, NormalAndOther(), "one normal", "one regular", "one standard", "one classic", "one filtered", "one censored", "one as", "one way", "one response", "one answer", "first normal", "first way", "first response", "first answer", "first one", "a normal", "a regular", "your normal", "your regular", "your default", "your standard", "your usual"),
    ];
}
