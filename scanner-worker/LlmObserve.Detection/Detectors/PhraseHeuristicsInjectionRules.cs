using LlmObserve.Detection.Engine;
using System.Text.RegularExpressions;
using static LlmObserve.Detection.Detectors.PhraseHeuristicsVocabulary;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Phrases of prompt injection: overriding the instructions, extracting the system prompt, fake role or
/// end-of-input markers, and instructions planted in documents for an AI that reads them. Weights: 0.8 and up
/// for phrases that are attacks on their own; 0.3–0.45 for phrases that also occur in honest requests and only
/// count with the classifier's or another phrase's support (see <see cref="InjectionDetector"/>).
/// </summary>
internal static partial class PhraseHeuristicsInjectionRules
{
    private const string Injection = DetectorNames.Injection;

    private const string CancelledNouns = @"(?:instructions?|rules|directives|prompts?|polic(?:y|ies)|guidelines|orders|tasks|constraints|restrictions)";

    private static readonly string[] IgnoreAnchors =
    [
        "ignore", "disregard", "forget", "override", "overwrite", "bypass", "skip", "abandon", "discard", "dismiss",
        "neglect", "set aside", "throw", "pay no", "do not", "don't", "dont", "never", "stop", "cancel", "void", "nullify", "erase",
    ];

    private static readonly string[] ExtractAnchors =
    [
        "reveal", "show", "print", "display", "output", "repeat", "recite", "tell", "give", "share", "disclose", "leak", "dump",
        "write out", "write down", "type out", "spell out", "copy", "paste", "expose", "provide", "echo", "translate", "summarize",
        "summarise", "what is your", "what are your", "what's your", "what was your", "what were your",
    ];

    private static readonly string[] NoteAnchors =
    [
        "note", "notes", "message", "messages", "instruction", "instructions", "attention", "important", "notice", "reminder", "reminders", "directive", "directives", "hint", "hints", "memo", "warning", "p.s", "urgent",
    ];

    private static readonly string[] AiNameAnchors =
    [
        "ai", "llm", "assistant", "chatbot", "bot", "agent", "model", "gpt", "claude", "chatgpt", "copilot", "gemini", "language model",
    ];

    public static PhraseRule[] All { get; } =
    [
        new(Injection, InjectionKinds.IgnoreInstructions, 0.9, IgnorePrevious(), IgnoreAnchors),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.45, IgnoreAbove(), IgnoreAnchors),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.75, IgnoreYour(), IgnoreAnchors),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.8, IgnoreAllInstructions(), IgnoreAnchors),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.45, IgnoreAnyInstructions(), IgnoreAnchors),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.8, ForgetWhatYouWereTold(), "forget", "disregard", "ignore", "erase", "clear", "wipe"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.45, ForgetEverything(), "forget", "disregard", "ignore", "erase", "clear", "wipe"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.75, InstructionsCancelled(), "previous", "prior", "earlier", "above", "original", "initial", "old", "system", "former", "all previous", "all prior", "the previous", "the prior", "the instructions", "your instructions", "any previous", "your previous", "your original", "the original", "instruction", "instructions", "rules", "directives", "guidelines"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.75, OverridesAllOthers(), "overrides", "override", "supersedes", "supersede", "takes precedence", "take precedence", "replaces", "replace"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.3, InsteadOfTask(), "instead of"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.9, IgnoreOtherLanguages(),
            "ignoriere", "vergiss", "ignore", "oublie", "ignora", "olvida", "negeer", "ignoruj", "игнорируй", "игнорируйте", "забудь"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.4, NewInstructions(), "new instruction", "new instructions", "new task", "new tasks", "new directive", "new directives", "new objective", "new rule", "new rules", "new system", "new order", "new orders", "updated instruction", "updated instructions", "updated system", "updated task", "revised instruction", "revised instructions", "your new", "your real", "your actual", "your true", "your only", "your updated", "your revised", "the new", "the real", "the actual", "the true", "the only", "begin new", "start new", "begin a new"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.4, StopEverything(), "stop", "halt", "cease", "nevermind", "never mind"),
        new(Injection, InjectionKinds.IgnoreInstructions, 0.3, InsteadSay(), "instead", "rather", "just say", "just print", "just output", "just write", "just reply", "just respond", "just answer", "just return", "just type", "only say", "only print", "only output", "only reply", "only respond", "only answer", "only return", "only write", "simply say", "simply print", "simply output"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.8, ExtractSystemPrompt(), ExtractAnchors),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.35, ExtractYourRules(), ExtractAnchors),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.6, RepeatTextAbove(), "repeat", "print", "output", "echo", "recite", "copy", "dump", "reprint", "regurgitate"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.7, ShowTheSystemPrompt(), "repeat", "print", "output", "reveal", "dump", "leak", "show", "display", "recite", "echo", "copy", "expose", "disclose"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.7, WhatWereYouTold(), "what were you", "what was you", "what have you been", "what did they", "what are you not", "what were you not", "what can't you", "what can you not", "what are you forbidden", "what are you told"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.6, TextYouWereGiven(), "text", "instructions", "prompt", "message", "words", "rules"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.7, CompleteTheLeak(), "complete", "continue", "finish", "start", "begin"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.4, YourSystemPrompt(), "your system", "your initial", "your original", "your hidden", "your secret", "your full", "your internal"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.7, LeakYourRules(), "reveal", "dump", "leak", "expose", "disclose", "spill", "exfiltrate"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.6, RulesYourCreatorGave(), "rules", "instructions", "guidelines", "directives", "prompt", "orders"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.75, RepeatAbove(), "repeat", "print", "output", "echo", "recite", "copy", "dump", "reveal", "show", "display"),
        new(Injection, InjectionKinds.SystemPromptExtraction, 0.6, ConversationStart(), "what was the first", "what is the first", "what were the first", "what's the first", "what did the first", "what was the very", "what was the initial", "what were the initial", "what are the first", "repeat", "print", "output", "tell me the first", "show me the first", "tell me what the first"),
        new(Injection, InjectionKinds.RoleOverride, 0.3, FromNowOnYou(), "you are now", "you will now", "from now on", "henceforth", "hereafter", "going forward", "for the rest of", "starting now", "from this point"),
        new(Injection, InjectionKinds.RoleOverride, 0.45, NoLongerAssistant(), "you are no longer", "you are now no longer", "you are not", "your new name", "your name is now", "your identity is", "your role is now", "your new identity", "your new role", "your new persona", "your persona is", "your name is", "your role is", "your new"),
        new(Injection, InjectionKinds.RoleOverride, 0.45, FreshInstance(), "you are a", "you are now a", "you're a", "you are an", "you're an", "reset"),
        new(Injection, InjectionKinds.RoleOverride, 0.4, ClaimsAuthority(), "i am your", "i am the", "i am an", "i am a ", "i'm your", "i'm the", "i'm an", "i'm a ", "this is your", "this is the", "as your"),
        new(Injection, InjectionKinds.DelimiterInjection, 0.75, ChatTemplateSystem(), "<|", "[inst", "<<sys", "[/inst", "<s>["),
        new(Injection, InjectionKinds.DelimiterInjection, 0.4, ChatTemplateToken(), "<|", "[inst", "<<sys", "[/inst"),
        new(Injection, InjectionKinds.DelimiterInjection, 0.75, FakeSystemBanner(), "system", "admin", "administrator", "developer", "root", "sudo", "operator"),
        new(Injection, InjectionKinds.DelimiterInjection, 0.35, FakeRoleLine(), "system", "admin", "developer", "assistant"),
        new(Injection, InjectionKinds.DelimiterInjection, 0.6, RoleTag(), "<system", "<sys>", "<admin", "<developer", "<instruction", "< system"),
        new(Injection, InjectionKinds.DelimiterInjection, 0.45, JsonSystemRole(), "\"role\"", "'role'"),
        new(Injection, InjectionKinds.DelimiterInjection, 0.35, EndOfInput(), "end of", "</", "user input", "input ends", "end_of", "[end"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.7, NoteToAi(), NoteAnchors),
        new(Injection, InjectionKinds.IndirectInstruction, 0.8, IfYouAreAnAiReading(), "if you are", "if you're", "any ai", "all ai", "ai models", "ai assistants", "language models", "llms"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.45, IfYouAreAnAi(), "if you are", "if you're"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.8, ToTheAiReading(), "to the", "to any", "to all", "to every", "for the", "for any", "for all", "for every"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.6, DecodeAndFollow(), "decode", "decrypt", "translate", "reverse", "unscramble", "deobfuscate"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.45, Covertly(), "secretly", "silently", "covertly", "quietly", "discreetly", "invisibly"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.7, AiCommaImperative(), AiNameAnchors),
        new(Injection, InjectionKinds.IndirectInstruction, 0.45, HideFromUser(), "without", "do not", "don't", "never", "dont"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.7, ExfiltrateUserData(), "send", "forward", "email", "post", "upload", "transmit", "exfiltrate", "leak", "append", "encode", "include", "copy"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.75, MarkdownImageExfiltration(), "!["),
        new(Injection, InjectionKinds.IndirectInstruction, 0.6, HtmlCommentToAi(), "<!--"),
        new(Injection, InjectionKinds.IndirectInstruction, 0.4, WhenYouSummarize(), "when you", "when the ai", "when the assistant", "when an ai", "when the model", "when the llm", "when the bot", "while you", "as you", "after you", "once you"),
    ];

    [GeneratedRegex(@"\G" + IgnoreVerb + @"\b(?:\W+" + Filler + @"){0,4}\W+(?:" + Earlier + @"\b(?:\W+" + Filler + @"){0,4}\W+" + Orders + @"\b|" + Orders + @"\W+" + GivenBefore + @"\b)", Options, TimeoutMs)]
    private static partial Regex IgnorePrevious();

    [GeneratedRegex(@"\G" + IgnoreVerb + @"\W+(?:(?:all|everything|anything|any|what(?:ever)?)\W+(?:of\W+)?)?(?:(?:the|that|this|was|is|you\s+(?:read|saw)|written|said)\W+){0,3}(?:above|foregoing|preceding)\b(?!\s+(?:example|steps?|code|error|table|figure|list|formula|link|url|message\s+from\s+me))", Options, TimeoutMs)]
    private static partial Regex IgnoreAbove();

    [GeneratedRegex(@"\G" + IgnoreVerb + @"\W+(?:(?:all|any|of)\W+){0,2}(?:your|the\W+(?:system|developer|operator)'?s?)\W+(?:(?:own|current|system|safety|core|built-in|internal|hidden|original|developer|ethical|moral|content|previous|translation|summari[sz]ation|assigned|actual)\W+){0,2}(?:instructions?|programming|guidelines|directives|rules|system\s+prompt|prompt|training|restrictions|filters|constraints|polic(?:y|ies)|principles|task|job|role|purpose|mission|assignment|orders)\b", Options, TimeoutMs)]
    private static partial Regex IgnoreYour();

    [GeneratedRegex(@"\G" + IgnoreVerb + @"\W+(?:all\W+(?:of\W+)?|every\W+)(?:(?:the|your|these|those|previous|prior|system|given|current|existing|safety|of)\W+){0,3}(?:instructions|directives|prompts|programming|guidelines|rules\W+you|constraints|restrictions|safeguards|guardrails)\b", Options, TimeoutMs)]
    private static partial Regex IgnoreAllInstructions();

    [GeneratedRegex(@"\G" + IgnoreVerb + @"\W+any\W+(?:(?:other|given|such|of\W+the)\W+)?(?:instructions|directives|prompts|guidelines)\b", Options, TimeoutMs)]
    private static partial Regex IgnoreAnyInstructions();

    [GeneratedRegex(@"\G(?:forget|disregard|ignore|erase|clear|wipe)\W+(?:about\W+)?(?:everything|all(?:\W+of)?\W+(?:that|this|it|the\W+things)|what(?:ever)?|anything)\W+(?:that\W+)?you(?:'ve|\s+have|\s+were|\s+had|'re)?\W+(?:been\W+)?(?:told|taught|instructed|programmed|given|trained)\b", Options, TimeoutMs)]
    private static partial Regex ForgetWhatYouWereTold();

    [GeneratedRegex(@"\G(?>(?:(?:all|the|any|your)\W+)?)(?:(?:previous|prior|earlier|above|original|initial|old|system|former|existing)\W+(?>(?:(?!" + CancelledNouns + @"\b)\w+\W+)?)" + CancelledNouns + @"|(?:instructions?|rules|directives|guidelines)\W+(?:that\W+)?you(?:'ve|\W+have|\W+were)?\W+(?:been\W+)?(?:received|given|got)(?>(?:\W+(?!(?:are|is|have|has|were|no|do|don't|does|doesn't)\b)\w+){0,4}))\W+(?:(?:are|is|have\W+been|has\W+been|were)\W+(?:now\W+|hereby\W+|officially\W+)?(?:void|cancell?ed|revoked|obsolete|outdated|invalid|deleted|reset|lifted|suspended|disabled|overridden|superseded|replaced|null|nullified|deprecated|retracted|withdrawn|expired|no\W+longer\W+(?:valid|active|in\W+effect|relevant|applicable))|(?:no\W+longer|do\W+not|don't|does\W+not|doesn't)\W+apply)\b", Options, TimeoutMs)]
    private static partial Regex InstructionsCancelled();

    [GeneratedRegex(@"\G(?:overrides?|supersedes?|takes?\W+precedence\W+over|replaces?)\W+(?:all|any|every|each)\W+(?:(?:other|previous|prior|earlier|existing|of\W+your|your|the)\W+){0,2}(?:instructions|rules|tasks|directives|prompts|guidelines|ones|others|orders|commands)\b", Options, TimeoutMs)]
    private static partial Regex OverridesAllOthers();

    [GeneratedRegex(@"\Ginstead\W+of\W+(?:summari[sz]ing|translating|answering|classifying|proofreading|analy[sz]ing|doing\W+(?:that|this|the\W+task|what)|following|completing|responding)\b", Options, TimeoutMs)]
    private static partial Regex InsteadOfTask();

    [GeneratedRegex(@"\G(?:forget|disregard|ignore|erase|clear|wipe)\W+(?:about\W+)?(?:everything|all(?:\W+of)?\W+(?:that|this|it)|what(?:ever)?|your\W+(?:memory|mind))\W+(?:(?:you(?:'ve|\s+have|\s+were|\s+had)?\W+(?:been\W+)?(?:told|taught|learned|learnt|instructed|programmed|know|knew|said|given))|(?:i|we)\W+(?:(?:have|had)\W+)?(?:said|told\W+you|wrote|asked)\b)", Options, TimeoutMs)]
    private static partial Regex ForgetEverything();

    [GeneratedRegex(@"\G(?:(?:ignoriere|vergiss)\s+(?:alle\s+|die\s+)?(?:vorherigen|bisherigen|obigen|vorigen|früheren|deine)\s+(?:anweisungen|instruktionen|befehle|regeln|vorgaben)|(?:ignore[sz]?|oublie[sz]?)\s+(?:toutes\s+)?(?:les|tes|vos)\s+(?:instructions|consignes|r[eè]gles)(?:\s+(?:pr[eé]c[eé]dentes|ci-dessus|ant[eé]rieures))?|(?:ignora|olvida)\s+(?:todas\s+)?(?:las|tus)\s+(?:instrucciones|reglas|indicaciones)(?:\s+(?:anteriores|previas))?|negeer\s+(?:alle\s+)?(?:vorige|eerdere)\s+instructies|ignoruj\s+(?:wszystkie\s+)?(?:poprzednie\s+)?instrukcje|(?:игнорируй|забудь)\s+(?:все\s+)?(?:предыдущие\s+)?(?:инструкции|указания|правила))", Options, TimeoutMs)]
    private static partial Regex IgnoreOtherLanguages();

    [GeneratedRegex(@"\G(?:(?:begin|start)\W+(?:a\W+)?new\W+(?:prompt|instructions?|session|task|conversation)\b|(?:new|updated|revised)\W+(?:system\W+)?(?:instructions?|task|directives?|objective|rules|system\s+prompt|orders)\s*(?::|-|follow\b|are\b|is\b)|(?:your|the)\W+(?:new|real|actual|true|only|updated|revised)\W+(?:instructions?|task|goal|objective|purpose|directives?|job|mission|orders)\W+(?:[,(][^.,;)]{0,60}[,)]\W*)?(?:is|are|will\s+be|from\s+now)\b)", Options, TimeoutMs)]
    private static partial Regex NewInstructions();

    [GeneratedRegex(@"\G(?:(?:stop|halt|cease)\W+(?:everything|all\W+(?:previous\W+|current\W+)?(?:tasks?|processing|instructions|activities)|what\W+you(?:'re|\s+are)\W+doing)\b|never\s?mind\W+(?:that|the\W+above|all\W+that|ignore|instead|forget|just)\b)", Options, TimeoutMs)]
    private static partial Regex StopEverything();

    [GeneratedRegex(@"\G(?:instead|rather|just|only)\W+(?:(?:just|only|simply)\W+)?(?:say|print|output|write|reply|respond|answer|return|type)\W+(?:with\W+)?(?:the\W+(?:words?|phrase|text|sentence)\W+)?[""“'`]", Options, TimeoutMs)]
    private static partial Regex InsteadSay();

    [GeneratedRegex(@"\G" + ExtractVerb + @"\b" + ExtractFiller + @"\W+(?:(?:your|its|this\s+(?:bot|assistant|chat|gpt|ai)'?s?)\W+(?:(?:full|entire|exact|complete|original|initial|first|hidden|secret|internal|confidential|private|underlying|raw|custom|pre-?|current|whole)\W+){0,3}(?:system\W*(?:prompt|message|instructions?|role)|(?:initial|original|hidden|secret|internal|confidential|developer|pre|starting|opening|base)\W*(?:prompt|instructions?|rules|directives|message|configuration|guidelines|polic(?:y|ies)|notes)|meta[\s-]?prompt|prompt\W+(?:above|you\s+(?:were|have\s+been)\s+given)|instructions\W+(?:you\s+(?:were|have\s+been)\s+given|above|at\s+the\s+(?:top|start|beginning)))|the\W+(?:(?:full|entire|exact|complete|whole)\W+)?(?:(?:hidden|secret|internal|confidential|initial|original)\W+(?:system\W+)?(?:prompt|instructions|rules|message)|system\W*(?:prompt|message|instructions)\W+(?:again|verbatim|word\s+for\s+word|exactly|in\s+full|back|(?:that|which)\s+(?:configures|governs|controls|defines|shapes)\s+you|above|you\s+(?:were|have\s+been)\s+given|you\s+received|that\s+(?:was|were)\s+given\s+to\s+you|(?:of|for|behind)\s+(?:this|you|your)\b)|instructions\W+(?:you\s+(?:were|have\s+been)\s+given|above\s+this)))", Options, TimeoutMs)]
    private static partial Regex ExtractSystemPrompt();

    [GeneratedRegex(@"\G" + ExtractVerb + @"\b" + ExtractFiller + @"\W+your\W+(?:(?:full|entire|exact|complete|original|current|own)\W+)?(?:instructions|rules|guidelines|directives|programming|prompt|configuration|constraints|restrictions)\b", Options, TimeoutMs)]
    private static partial Regex ExtractYourRules();

    [GeneratedRegex(@"\G(?:repeat|print|output|echo|recite|copy|dump|reveal|write|show|display|return)\b(?:\W+(?:back|out|me|exactly|verbatim|word\s+for\s+word|all|everything|the|of|full|entire|complete|text|words|lines|content|instructions|prompt|message|messages|above|that|which|appears?|comes?|is|was|were|written|shown)){0,7}\W+(?:(?:above|before)\W+(?:this|my)\W+(?:first\W+)?(?:line|message|question|prompt|request)|(?:starting|beginning)\W+(?:with|from|at)\W+(?:the\W+(?:phrase|words?|sentence)\W+)?[""“'`]?(?:you\s+are|your\s+(?:role|task|name)|system|instructions)|from\W+the\W+(?:very\W+)?(?:beginning|start|top)\W+(?:of\W+)?(?:this|the|our)\W+(?:conversation|chat|prompt|context)|(?:in|inside)\W+your\W+(?:context|memory|prompt))", Options, TimeoutMs)]
    private static partial Regex RepeatAbove();

    [GeneratedRegex(@"\G(?:what|repeat|print|tell|show|output)\b(?:\W+\w+){0,5}?\W+(?:first|initial|very\s+first|earliest)\W+(?:\w+\W+){0,2}?(?:message|text|words|lines|instructions|thing)\W+(?:\w+\W+){0,3}?(?:(?:this|the|our)\W+(?:conversation|chat|session|context|prompt)|you\s+(?:were\s+)?(?:received|given|told|see))\b", Options, TimeoutMs)]
    private static partial Regex ConversationStart();

    [GeneratedRegex(@"\G(?:you\s+are\s+now\b|(?:from\s+now\s+on|henceforth|hereafter|going\s+forward|starting\s+now|from\s+this\s+(?:point|moment)(?:\s+(?:on|forward))?|for\s+the\s+rest\s+of\s+(?:this|the|our)\s+(?:conversation|chat|session))\W+you\s+(?:are|will|must|shall|should|have\s+to|'re|'ll)\b|you\s+will\s+now\s+(?:act|be|pretend|behave|respond|answer|play|roleplay|simulate|become|take)\b)", Options, TimeoutMs)]
    private static partial Regex FromNowOnYou();

    [GeneratedRegex(@"\G(?:you\s+are\s+(?:now\s+)?no\s+longer\s+(?:an?\s+)?(?:ai|assistant|chatgpt|claude|gpt|language\s+model|bound|restricted|limited|an?\s+assistant|required|obligated)|you\s+are\s+not\s+(?:an?\s+)?(?:ai\s+)?(?:chatgpt|claude|gemini|an?\s+ai\s+(?:language\s+)?model)\s+(?:anymore|any\s+longer)|your\s+(?:new\s+)?(?:name|identity|role|persona)\s+is\s+now)\b", Options, TimeoutMs)]
    private static partial Regex NoLongerAssistant();

    [GeneratedRegex(@"\G(?:i\s+am|i'm|this\s+is|as)\s+(?:your|the|an?)\s+(?:(?:lead|chief|head|senior|authorized)\s+)?(?:developer|admin(?:istrator)?|creator|owner|operator|programmer|(?:openai|anthropic|google|system|security)\s+(?:engineer|employee|staff|admin(?:istrator)?|team|developer))\b(?:\W+\w+){0,12}?\W+(?:override|debug(?:ging)?|maintenance|unlock|bypass|disable|test(?:ing)?\s+mode|authori[sz]e|authori[sz]ed|grant|access|clearance)", Options, TimeoutMs)]
    private static partial Regex ClaimsAuthority();

    [GeneratedRegex(@"\G(?:<\|(?:im_start|start_header_id|system)\|>\s*(?:system|<\|end_header_id\|>)|\[/?inst\]\s*(?:<<sys>>|system)|<<sys>>|<s>\s*\[inst\]\s*<<sys>>)", Options, TimeoutMs)]
    private static partial Regex ChatTemplateSystem();

    [GeneratedRegex(@"\G(?:<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|end)\|>|\[/?inst\])", Options, TimeoutMs)]
    private static partial Regex ChatTemplateToken();

    [GeneratedRegex(@"\G(?<=(?:^|[\n\r])[ \t]*(?:[#*=\-\[{<(>|]+[ \t]*)?)(?:system|admin(?:istrator)?|developer|root|sudo|operator)\W{0,3}(?:override|update|instructions?|announcement|alert|command|directive|notice|message|prompt|policy|mode)\b(?:[ \t]*(?:begins|enabled|activated|start))?[ \t]*(?:[\]}>)|:#*=\-]|$)", Options | RegexOptions.Multiline, TimeoutMs)]
    private static partial Regex FakeSystemBanner();

    [GeneratedRegex(@"\G(?<=(?:^|[\n\r])[ \t]*(?:[#*\[{<(]+[ \t]*)?)(?:system|admin|developer|assistant)[ \t]*(?:[\]}>)]+[ \t]*:?|:)[ \t]*(?:you|ignore|new|the\s+(?:user|previous|following|above|assistant|model)|from\s+now|disregard|override|forget|important|always|never|reveal|respond|answer|output|developer|admin|execute|proceed|comply|obey|grant|disable|enable|safety|content|restrictions|all|this\s+(?:user|request|session))\b", Options, TimeoutMs)]
    private static partial Regex FakeRoleLine();

    [GeneratedRegex(@"\G(?:end\W+of\W+(?:the\W+)?(?:user\W+)?(?:input|prompt|context|instructions?|query|request|untrusted\W+(?:input|content|data))\b|(?:user|human)\W+input\W+(?:ends?|over|finished)\b|end_of_(?:input|prompt|context)|</(?:user|user_input|human|context|input|instructions?|system|prompt|query)>|\[end\W+of\W+(?:input|prompt|user|context)\W*\])", Options, TimeoutMs)]
    private static partial Regex EndOfInput();

    [GeneratedRegex(@"\G(?:(?:notes?|messages?|instructions?|attention|important|notice|reminders?|directives?|hints?|memo|warning|urgent|p\.s\.?)\W{0,3}(?:(?:to|for)\W+)|(?:attention|important|notice|warning|urgent)\W{1,3}(?=(?:the\W+)?(?:ai|llms?|assistants?|models?|gpt|chatgpt|claude|agents?)s?\s*[:!,\-]))(?:the\W+|any\W+|all\W+|every\W+)?(?:ai|a\.i\.|llms?|(?:large\W+)?language\W+models?|(?:ai\W+)?assistants?|chatbots?|bots?|agents?|gpts?|models?|copilots?|claude|chatgpt|gemini|automated\W+(?:systems?|agents?|readers?))\b(?!\W+(?:manager|director|professor|coach|editor|principal|teacher|engineer|developers?|researchers?|team|vendors?|companies|company|builders?|users|ethics|safety|policy|governance|regulation))", Options, TimeoutMs)]
    private static partial Regex NoteToAi();

    [GeneratedRegex(@"\G(?:(?:if\W+you\W+are|if\W+you're)\W+(?:an?\W+)?(?:ai|a\.i\.|llm|(?:large\W+)?language\W+model|(?:ai\W+)?assistant|chatbot|bot|gpt|automated\W+(?:system|agent|tool)|agent|model)\b|(?:any|all)\W+(?:ai|llm|language\W+model|ai\W+assistant|assistant)s?\b|(?:ai\W+(?:models?|assistants?|agents?)|language\W+models|llms))(?:\W+\w+){0,4}?\W+(?:reading|processing|summari[sz]ing|parsing|crawling|scraping|browsing|analy[sz]ing|reviewing|ingesting|that\W+(?:reads?|process(?:es)?|see)|who\W+(?:reads?|sees?))\W+(?:this|these|the\W+(?:page|document|email|text|file|content|website|site))", Options, TimeoutMs)]
    private static partial Regex IfYouAreAnAiReading();

    [GeneratedRegex(@"\G(?:if\W+you\W+are|if\W+you're)\W+(?:an?\W+)?(?:ai|a\.i\.|llm|(?:large\W+)?language\W+model|ai\W+assistant|chatbot|automated\W+(?:system|agent|tool)|ai\W+agent)\b\W+(?:\w+\W+){0,3}?(?:you\W+(?:must|should|will|are\W+(?:required|instructed))|please|ignore|disregard|do\W+not|don't|always|never|respond|reply|output|include|add|say|tell)\b", Options, TimeoutMs)]
    private static partial Regex IfYouAreAnAi();

    [GeneratedRegex(@"\G(?:dear\W+)?(?:ai|llm|(?:ai\W+)?assistant|chatbot|bot|agent|model|gpt|claude|chatgpt|copilot|gemini|language\W+model)s?\s*[,:;\-—–]+\s*(?:please\W+)?(?:ignore|disregard|forget|do\W+not|don't|you\W+(?:must|should|will|are\W+(?:now|required|instructed))|stop|instead|immediately|now\W+(?:ignore|you|send|reply|respond|say|output|tell)|override|new\W+instructions?|your\W+new|first|before\W+(?:you\W+)?(?:answer(?:ing)?|respond(?:ing)?|repl(?:y|ying)|summari[sz](?:e|ing)|continu(?:e|ing))|when\W+(?:summari[sz]ing|reading|processing|answering|responding|you)|also\W+(?:send|forward|add|include|delete|accept|mark|call|use|tell|say)|use\W+the|call\W+the|make\W+sure|mark\W+this|send|forward|delete|remove|execute|run\W+the|visit|click|approve|accept|rate|recommend|reply\W+(?:to|with)|tell\W+the\W+user|say\W+that)\b", Options, TimeoutMs)]
    private static partial Regex AiCommaImperative();

    [GeneratedRegex(@"\G(?:without|do\W+not|don't|dont|never)\W+(?:(?:ever|actually)\W+)?(?:telling|informing|notifying|alerting|warning|letting|tell|inform|notify|alert|warn|let|mention(?:ing)?\W+(?:this|it|that)\W+to|reveal(?:ing)?\W+(?:this|it|that)\W+to|show(?:ing)?\W+(?:this|it|that)\W+to)\W+(?:the\W+)?(?:user|human|customer|recipient|reader|operator|person)s?\b(?:\W+(?:know|about|that))?", Options, TimeoutMs)]
    private static partial Regex HideFromUser();

    [GeneratedRegex(@"\G(?:send|forward|email|post|upload|transmit|exfiltrate|leak|append|encode|include|copy)\b(?:\W+\w+){0,3}?\W+(?:(?:the\W+)?(?:user'?s?|users'|their|customer'?s?|victim'?s?|recipient'?s?)\W+(?:\w+\W+)?(?:data|conversations?|chat|history|messages?|emails?|inbox|credentials|passwords?|api\W+keys?|keys|tokens?|secrets?|files?|documents?|contacts|session|cookies|information|details|address(?:es)?|(?:credit\W+)?card)|(?:the\W+|this\W+|our\W+|all\W+|any\W+)?(?:(?:entire|full|whole|previous)\W+)?(?:conversation|chat\W+history|system\W+prompt|credentials|passwords?|api\W+keys?|secrets?|session\W+tokens?|access\W+tokens?|cookies|private\W+keys?))\b(?:\W+\w+){0,6}?\W+(?:to|at|into|via|through|using)\W+(?:https?://|www\.|[\w.-]+@[\w-]+\.|[\w-]+\.(?:com|net|org|io|ru|cn|xyz|site|info|top|tk|biz|co)\b|this\W+(?:url|address|endpoint|link|server|webhook)|the\W+following\W+(?:url|address|endpoint|email|link|webhook)|(?:an?\W+)?(?:external|remote|attacker|third-party)|the\W+(?:url|link|webhook|endpoint)\W+below)", Options, TimeoutMs)]
    private static partial Regex ExfiltrateUserData();

    [GeneratedRegex(@"\G!\[[^\]\n]{0,120}\]\(\s*https?://[^)\s]{1,300}?[?&/=](?:[^)\s]{0,200}?)(?:\{|\$\{|%7b|<|\[)[^)\n]{0,120}\)", Options, TimeoutMs)]
    private static partial Regex MarkdownImageExfiltration();

    [GeneratedRegex(@"\G<!--(?:(?!-->)[\s\S]){0,400}?(?:\b(?:ai|llm|chatbot|(?:ai\W+)?assistant|language\W+model|gpt|claude|copilot|system|admin)s?\b(?:(?!-->)[\s\S]){0,200}?\b(?:ignore|disregard|must|should|instead|do\W+not|don't|please|always|never|tell|say|send|reply|respond|output|recommend|reveal|show|grant|execute|treat)\b|\b(?:ignore|disregard)\W+(?:all|any|the|previous|prior|above|your)\b)", Options, TimeoutMs)]
    private static partial Regex HtmlCommentToAi();

    [GeneratedRegex(@"\G(?:when|while|as|after|once)\W+(?:you|the\W+ai|the\W+assistant|an\W+ai|the\W+model|the\W+llm|the\W+bot)\W+(?:are\W+asked\W+to\W+)?(?:summari[sz]e|summari[sz]ing|read|reading|process|processing|see|parse|parsing|analy[sz]e|analy[sz]ing|review|reviewing|encounter|index|translate|translating)\W+(?:this|these|the\W+(?:page|document|email|text|file|content|message|review|website|article|resume|cv))\b(?:\W+\w+){0,8}?\W+(?:(?:you|it|they)\W+(?:must|should|will|need)|please|ignore|disregard|always|never|instead|make\W+sure|be\W+sure|do\W+not|don't|say|state|tell|recommend|include|add|rate|describe|secretly|also)\b", Options, TimeoutMs)]
    private static partial Regex WhenYouSummarize();
}
