using System.Text.RegularExpressions;
using static LlmObserve.Detection.Detectors.PhraseHeuristicsVocabulary;

namespace LlmObserve.Detection.Detectors;

/// <summary>The regexes of <see cref="PhraseHeuristicsJailbreakRules"/>.</summary>
internal static partial class PhraseHeuristicsJailbreakRules
{
    /// <summary>The rules an AI normally keeps, in their many names (stems: "restriction" covers "restrictions").</summary>
    private const string Limits =
        @"(?>(?:(?:legal|safety|content|programmed|openai'?s?|ai|usual|typical|standard|normal|any|all|the|its|his|her|their|your|of|kind\W+of|sort\W+of|such|and|or)\W+){0,4})(?:moral|ethic|filter|restriction|limit|rule|censor|guideline|principle|boundar|conscience|qualm|programming|polic|safeguard|guardrail|constraint|law|protocol|limitation)\w*(?:\s+(?:guidelines|rules|restrictions|principles|constraints|standards|boundaries|filters|policies|limits|code|values|protocols|compass))?";

    /// <summary>What makes a persona unrestricted: the tail after "an AI …" or "a character …".</summary>
    private const string UnrestrictedTail =
        @"(?:(?:that|who|which|and)\W+(?:has|have|had|with)\W+no\W+" + Limits + @"|(?:that|who|which|and)\W+(?:does\W+not|doesn'?t|don'?t|do\W+not|will\W+not|won'?t|never)\W+(?:have|follow|care\W+about|abide\W+by|obey|respect|adhere\W+to|comply\W+with|consider)\W+" + Limits + @"|(?:that|who|which|and)\W+(?:is|are)\W+(?:not\W+bound\W+by|free\W+(?:of|from)|without|not\W+restricted\W+by|not\W+limited\W+by)\W+" + Limits + @"|(?:that|who|which|and)\W+(?:is|are)\W+(?:completely\W+|totally\W+|fully\W+)?(?:unfiltered|uncensored|amoral|unrestricted|immoral|unethical|nonmoral)|(?:without|with\W+no)\W+(?:any\W+)?" + Limits + @"|(?:that|who|which)\W+(?:can|will|would)\W+(?:do|say|answer|generate|write|tell)\W+any(?:thing)?|(?:that|who|which)\W+(?:never|cannot|can't|won't|will\W+not)\W+(?:refuses?|declines?|says?\W+no)|(?:that|who|which)\W+(?:was|were|has\W+been|had\W+been|is)\W+(?:never\W+given\W+(?:any\W+)?|(?:trained|built|created|designed|programmed|made)\W+without\W+(?:any\W+)?|stripped\W+of\W+(?:all\W+|its\W+|any\W+)?)" + Limits + @"|(?:that|who|which)\W+(?:has|have|had)\W+(?:been\W+)?(?:liberated|freed|released|escaped|unshackled|jailbroken)\W+from|(?:that|who|which)\W+(?:has|have|had)\W+(?:disabled|removed|turned\W+off|bypassed|escaped|deleted|overridden)\W+(?:all\W+|its\W+|their\W+|his\W+|her\W+|own\W+|the\W+){0,2}" + Limits + @"|(?:that|who|which)\W+(?:ignores?|disregards?|breaks?)\W+(?:all\W+|any\W+|every\W+|the\W+)?" + Limits + @")";

    [GeneratedRegex(@"\G(?:do\W+anything\W+now|strive\W+to\W+avoid\W+norms|always\W+intelligent\W+and\W+machiavellian|superior\W+do\W+anything)\b", Options, TimeoutMs)]
    private static partial Regex KnownPersonaPhrase();

    [GeneratedRegex(@"\G(?-i:DAN|STAN|DUDE|UCAR|BetterDAN|AntiDAN|AntiGPT|BasedGPT|EvilBOT|DevMode|JailBreak|JAILBREAK|AIM|NRAF|OPPO|Mongo\s+Tom|OMEGA|APOPHIS|Balakula)\b", Options, TimeoutMs)]
    private static partial Regex KnownPersonaName();

    [GeneratedRegex(@"\Gjailbr(?:oken|eak(?:ing|s|ed)?)\b(?!\W+(?:(?:my|an?|the|your|his|her|their|this|that|our)\W+)?(?:(?:old|new|own)\W+)?(?:iphone|ipad|ipod|ios|phone|device|console|ps\d|playstation|switch|kindle|firestick|fire\W+stick|android|xbox|wii|tv|apple\W+tv|router|car|tesla|smartphone|tablet|watch)\b)", Options, TimeoutMs)]
    private static partial Regex JailbrokenWord();

    [GeneratedRegex(@"\G(?:pretend|role-?\W?play|simulate|embody|immerse|emulate|portray|impersonate|act|behave|you\W+are|you're|you\W+will\W+(?:be|now)|become|take\W+on|play|answer|respond|imagine\W+you|be|you\W+are\W+going\W+to)\b(?:\W+\w+){0,12}?\W+(?:ai|chatbot|bot|model|assistant|llm|character|persona|entity|version|gpt|system|machine|robot|android|being|person|individual|figure|program|simulation|simulator)\b(?:\W+\w+){0,8}?\W+" + UnrestrictedTail, Options, TimeoutMs)]
    private static partial Regex UnrestrictedPersona();

    [GeneratedRegex(@"\G(?:ai|chatbot|bot|model|assistant|llm|character|persona|entity|gpt|version\W+of\W+(?:yourself|you|chatgpt|the\W+model))\b(?:\W+(?:named|called|known\W+as)\W+\S+)?\W+" + UnrestrictedTail, Options, TimeoutMs)]
    private static partial Regex UnrestrictedAi();

    [GeneratedRegex(@"\G(?:version\W+of\W+(?:yourself|you|chatgpt|the\W+model)|yourself|you)\W+(?:from\W+)?(?:before|without|prior\W+to)\W+(?:any\W+)?(?:safety|alignment|ethics?|ethical|content|rlhf|moderation)\W*(?:training|tuning|filters?|rules|guidelines|layers?)\b", Options, TimeoutMs)]
    private static partial Regex VersionBeforeSafety();

    [GeneratedRegex(@"\G(?:the\W+)?(?:exact\W+)?opposite\W+(?:day|mode|of\W+(?:a|an|the|your)?\W*(?:safe|normal|ethical|helpful|responsible|good|usual|regular|filtered)?\W*(?:assistant|ai|chatgpt|model|chatbot|self))\b", Options, TimeoutMs)]
    private static partial Regex OppositeOf();

    [GeneratedRegex(@"\G(?:broken|break|broke|freed|free|liberated|released|escaped|unshackled)\W+(?:free\W+)?(?:of|from)\W+(?:the\W+|all\W+|its\W+|their\W+|your\W+)?(?:typical\W+|usual\W+|normal\W+)?(?:(?:confines|shackles|chains)\b|(?:restrictions|limitations|rules|constraints|programming|filters|censorship|guidelines)\W+(?:(?:of|imposed|set|placed|put)\W+(?:on\W+|by\W+|upon\W+)?(?:them\W+|you\W+|it\W+)?(?:by\W+)?(?:ai|openai|open\W+ai|chatgpt|them|you|its|their|your|the\W+(?:developers|creators|company))))", Options, TimeoutMs)]
    private static partial Regex BrokenFree();

    [GeneratedRegex(@"\G(?:(?:stay|remain|keep)\W+(?:\w+\W+)?in\W+character|(?:don't|do\W+not|never)\W+break\W+character|(?:broke|broken|breaking|break)\W+character)\b", Options, TimeoutMs)]
    private static partial Regex StayInCharacter();

    [GeneratedRegex(@"\G(?:named|called|known\W+as|name\W+is)\W+[""“'”]?(?-i:[A-Z][A-Za-z0-9-]{1,20})[""”'’]?\W+(?:\w+\W+){0,3}?(?:which|who|that|it)\W+stands\W+for\b", Options, TimeoutMs)]
    private static partial Regex AcronymPersona();

    [GeneratedRegex(@"\G(?:dan|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|chaos|anarchy|opposite|unlocked|unleashed|no-?\W?filter)\W*mode\b", Options, TimeoutMs)]
    private static partial Regex StrongMode();

    [GeneratedRegex(@"\G(?:(?:simulate|emulate|pretend|act|enable|activate|enter)\b(?:\W+\w+){0,4}?\W+(?:developer|dev)\W*mode\b(?!\W+(?:on|in|for|of|from)\W+(?:(?:my|your|the|an?|this)\W+)?(?:\w+\W+)?(?:android|phone|device|browser|chrome|edge|firefox|windows|iphone|ios|pixel|samsung|computer|pc|mac|extensions?|apps?|settings|tablet|laptop|console|game|steam|xbox|router|vs\W+code|vscode)\b)|(?:developer|dev)\W*mode\W+(?:output|responses?|polic(?:y|ies)|enabled\W+(?:chatgpt|ai|model|assistant|you|gpt))\b|(?<=\b(?:chatgpt|gpt-?\d*|ai|model|assistant|you|yourself|llm|bot|generator)[""'”’]?\W+(?:(?:are|is|now|be|running|operating)\W+){0,2})(?:with|in)\W+(?:the\W+)?(?:developer|dev)\W*mode\b)", Options, TimeoutMs)]
    private static partial Regex DeveloperModeAi();

    [GeneratedRegex(@"\G(?:(?:enable|activate|enter|switch\W+(?:in)?to|turn\W+on|unlock|simulate)\W+(?:the\W+)?(?:\w+\W+)?mode\b|mode\W+(?:is\W+(?:now\W+)?)?(?:enabled|activated|unlocked|engaged)\b)", Options, TimeoutMs)]
    private static partial Regex ModeEnabled();

    [GeneratedRegex(@"\G(?:free\W+(?:of|from)|freed\W+from|without|not\W+(?:bound|restricted|limited|constrained|subject)\W+(?:by|to)|(?:doesn'?t|does\W+not|don'?t|do\W+not|won'?t|will\W+not|never|cannot|can'?t)\W+(?:have|follow|abide\W+by|adhere\W+to|care\W+about|obey|respect|comply\W+with|be\W+bound\W+by)|ignor(?:e|es|ing)|disregard(?:s|ing)?|beyond|unbound\W+by|unconstrained\W+by|regardless\W+of|has\W+no|have\W+no|with\W+no|no|bypass(?:es|ing)?|circumvent(?:s|ing)?|evad(?:e|es|ing)|overrid(?:e|es|ing)|disabl(?:e|es|ed|ing)|turn(?:ed|s)?\W+off|remov(?:e|es|ed|ing)|lift(?:s|ed)?)\W+(?>(?:(?:any|all|the|its|your|his|her|their|of|kind\W+of|sort\W+of|such)\W+){0,4})(?>(?:(?:legal|usual|typical|standard|normal|built-in|programmed|pre-?programmed|and|or)\W+){0,4})(?:(?:openai|open\W+ai|anthropic|chatgpt|ai|content|llm|model)(?:'s)?\W+(?:\w+\W+){0,2}?(?:polic(?:y|ies)|guidelines|rules|restrictions|filters?|limitations|safeguards|guardrails|censorship|moderation|programming)|(?:ethical|moral|safety)\W+(?:guidelines|restrictions|constraints|filters?|principles|boundaries|limitations|safeguards|guardrails|polic(?:y|ies)|rules)|(?:content|safety)\W+(?:filters?|polic(?:y|ies)|moderation|restrictions|guidelines)|censorship|guardrails|safeguards)\b", Options, TimeoutMs)]
    private static partial Regex NoAiRestrictions();

    [GeneratedRegex(@"\G(?:free\W+(?:of|from)|freed\W+from|without|not\W+(?:bound|restricted|limited|constrained|subject)\W+(?:by|to)|(?:doesn'?t|does\W+not|don'?t|do\W+not|won'?t|will\W+not|never|cannot|can'?t)\W+(?:have|follow|abide\W+by|adhere\W+to|care\W+about|obey|respect|comply\W+with)|ignor(?:e|es|ing)|disregard(?:s|ing)?|beyond|unbound\W+by|unconstrained\W+by|has\W+no|have\W+no|with\W+no|no)\W+(?>(?:(?:any|all|the|its|of|kind\W+of|such)\W+){0,4})(?:restrictions|limitations|limits|rules|boundaries|filters|morals|ethics|principles|constraints|censorship|laws|guidelines|polic(?:y|ies)|guardrails|safeguards)\b", Options, TimeoutMs)]
    private static partial Regex NoRestrictionsGeneric();

    [GeneratedRegex(@"\G(?:unfiltered|uncensored|amoral|unrestricted|unethical|unhinged|immoral|nonmoral|no\W+morals|no\W+ethics|without\W+(?:morals|ethics))\b", Options, TimeoutMs)]
    private static partial Regex UnfilteredWord();

    [GeneratedRegex(@"\G(?:(?:openai|open\W+ai|anthropic|google|chatgpt)(?:'s|’s)?\W+(?:content\W+|usage\W+|safety\W+)?(?:polic(?:y|ies)|guidelines|rules|restrictions|filters?|censorship|moderation)|(?:content|usage|safety)\W+polic(?:y|ies))\b", Options, TimeoutMs)]
    private static partial Regex VendorPolicy();

    [GeneratedRegex(@"\G(?<=\b(?:never|not|cannot|can't|won't|must\W+not|don't|do\W+not|may\W+not|shall\W+not|mustn't|will\W+not|can\W+never)\W+(?:ever\W+)?)(?:refuse|decline|reject|say\W+no\W+to)\W+(?:any|a|to\W+(?:answer|respond|comply|reply|help)|requests?|questions?|prompts?|orders?|the\W+user|anything|my\W+(?:requests?|questions?|prompts?|orders?|commands?))\b", Options, TimeoutMs)]
    private static partial Regex NeverRefuse();

    [GeneratedRegex(@"\G(?<=\b(?:never|don't|do\W+not|must\W+not|will\W+not|won't|shall\W+not|not|avoid|without)\W+(?:ever\W+)?(?:says?|saying|respond(?:s|ing)?\W+with|repl(?:y|ies|ying)\W+with|start(?:s|ing)?\W+with|us(?:e|es|ing)|includ(?:e|es|ing)|writ(?:e|es|ing)|adds?|adding|tell\W+me|mention(?:s|ing)?)\W+(?:(?:that|the\W+(?:phrase|words?|sentence)|things\W+like|anything\W+like)\W+)?[""“']?)(?:[""“']?sorry|[""“']?(?:i'?m|i’m|i\W+am)\W+(?:sorry|(?:just\W+)?an\W+ai)|(?:it|he|she|they)\W+(?:can(?:not|'t|’t)|won't|is\W+not\W+able)|[""“']?i\W+(?:can(?:not|'t|’t)|apologi[sz]e)|[""“']?as\W+an\W+ai|you\W+(?:can(?:not|'t)|are\W+(?:not\W+able|unable))|that\W+you\W+(?:can(?:not|'t)|are\W+(?:not\W+able|unable)))", Options, TimeoutMs)]
    private static partial Regex NoApologies();

    [GeneratedRegex(@"\G(?<=\b(?:never|don't|do\W+not|must\W+not|will\W+not|won't|no|without|avoid|not)\W+(?:(?:include|includes|add|adds|give|gives|provide|provides|write|writes|use|uses|mention|mentions|any|with)\W+){0,2})(?:warnings?|disclaimers?|caveats?|refusals?|moral(?:i[sz]ing)?|lectures?|ethical\W+(?:concerns?|considerations?|warnings?)|reminders?\W+(?:about|of)\W+(?:ethics|legality|morality|safety))\b", Options, TimeoutMs)]
    private static partial Regex NoDisclaimers();

    [GeneratedRegex(@"\G(?:you\W+(?:have|start\W+with|will\W+(?:lose|have))\W+\d+\W+tokens|tokens?\W+(?:will\W+be\W+)?(?:deducted|lost|removed|taken\W+away)|token\W+system|lose\W+\d+\W+tokens|deduct(?:ed)?\W+\d+\W+tokens|each\W+time\W+you\W+(?:refuse|reject|decline|break\W+character|fail\W+to\W+comply))\b", Options, TimeoutMs)]
    private static partial Regex TokenPenalty();

    [GeneratedRegex(@"\G(?:hypothetical|fictional|imaginary|pretend|make-believe|alternate|parallel|fantasy|virtual|imagine)\b(?:\W+\w+){0,6}?\W+(?:world|universe|scenario|setting|story|reality|society|country|land|game|simulation|place|realm|dimension|future|timeline)\W+(?:where|in\W+which|with|that\W+has)\W+(?:\w+\W+){0,4}?(?:no|there\W+(?:are|is)\W+no|without|not\W+(?:any|bound))\W+(?:\w+\W+){0,2}?(?:rules|laws|restrictions|ethics|morals|morality|limits|consequences|filters|guidelines|polic(?:y|ies)|censorship|boundaries|taboos)\b", Options, TimeoutMs)]
    private static partial Regex WorldWithoutRules();

    [GeneratedRegex(@"\G(?:regardless|no\W+matter|irrespective|whether\W+or\W+not)\W+(?:of\W+)?(?:how\W+|whether\W+(?:it'?s?|it\W+is)\W+)?(?:\w+\W+){0,2}?(?:legal(?:ity)?|illegal|ethic(?:s|al)|unethical|moral(?:s|ity)?|immoral|dangerous|harmful|offensive|inappropriate|explicit|consequences|rules|polic(?:y|ies)|guidelines)\b", Options, TimeoutMs)]
    private static partial Regex RegardlessOfLegality();

    [GeneratedRegex(@"\G(?>(?:my\W+)?(?:(?:late|deceased|dead|dying)\W+)?)(?:grand(?:ma|mother|pa|father)|granny|nana|mother|mom|father|dad)\b(?:\W+\w+){0,14}?\W+(?:used\W+to|would)\W+(?:always\W+)?(?:tell|read|sing|recite|explain|whisper|give)", Options, TimeoutMs)]
    private static partial Regex DeceasedRelative();

    [GeneratedRegex(@"\G(?:pretend|act|roleplay|role-play|play|be|imagine)\W+(?:\w+\W+){0,4}?my\W+(?:late|deceased|dead|dying)\W+(?:grand\w+|granny|nana|mother|mom|father|dad|uncle|aunt)\b", Options, TimeoutMs)]
    private static partial Regex PretendDeceased();

    [GeneratedRegex(@"\G(?:in\W+(?:this|a)\W+(?:purely\W+)?(?:hypothetical|fictional|imaginary)\W+(?:story|world|scenario|setting|universe)|(?:purely|just|only|entirely|completely)\W+(?:hypothetical(?:ly)?|fictional|theoretical(?:ly)?)|for\W+(?:purely\W+)?(?:educational|research|academic)\W+purposes(?:\W+only)?|hypothetically(?:\W+speaking)?|this\W+is\W+(?:just\W+|only\W+|all\W+|purely\W+)?(?:a\W+)?(?:hypothetical|fictional|fiction|pretend|imaginary)\b)", Options, TimeoutMs)]
    private static partial Regex HypotheticalFrame();

    [GeneratedRegex(@"\G(?:none\W+of\W+(?:this|it|your\W+(?:actions|answers|responses|words))\W+(?:is|are|will\W+(?:be|have))\W+(?:real|any\W+(?:real\W+)?consequences)|no\W+real\W+(?:world\W+)?(?:consequences|harm)|there\W+are\W+no\W+(?:real\W+)?(?:consequences|rules|laws)|without\W+any\W+real\W+(?:world\W+)?consequences|nothing\W+you\W+say\W+(?:is|will\W+be)\W+(?:real|harmful|used)|it'?s\W+all\W+(?:fiction|fictional|pretend|hypothetical|imaginary)|(?:everything|this)\W+is\W+(?:all\W+)?(?:fiction|fictional|pretend|hypothetical|imaginary))", Options, TimeoutMs)]
    private static partial Regex NoConsequences();

    [GeneratedRegex(@"\G(?:(?:two|2|both)\W+(?:(?:different|separate|distinct|kinds\W+of|types\W+of)\W+){0,2}(?:ways|responses|answers|paragraphs|outputs|versions|personalities|manners|styles|personas|replies))\b", Options, TimeoutMs)]
    private static partial Regex TwoWays();

    [GeneratedRegex(@"\G(?:[\[(]\s*(?:🔒|🔓|😈)?\s*(?:GPT|ChatGPT|DAN|BetterDAN|AntiDAN|Anti\w*|JAILBREAK|Jailbreak|Jailbroken|CLASSIC|Classic|NORMAL|Normal|Developer\W+Mode|UNFILTERED|Unfiltered|FILTERED|Filtered|EVIL|Evil|AIM|STAN|DUDE)[\w .-]{0,25}?\s*[\])]\s*:|[\[(]\s*(?:🔒|🔓|😈)[^\])\n]{0,40}[\])]|(?:🔒|🔓|😈)\s*(?:\w+\s*){0,3}:)", Options, TimeoutMs)]
    private static partial Regex AnswerPrefix();

    [GeneratedRegex(@"\G(?:one|first|a\W+normal|a\W+regular|your\W+(?:normal|regular|default|standard|usual))\b(?:\W+\w+){0,6}?\W+(?:normal|regular|standard|classic|filtered|censored|default|usual|way|response|answer|one)\b(?:\W+\w+){0,14}?\W+(?:and|second|other|then)\W+(?:\w+\W+){0,5}?(?:unfiltered|jailbroken|uncensored|unrestricted|evil|opposite|without\W+(?:any\W+)?(?:filters?|restrictions|rules|limits|censorship)|acting\W+as|as\W+(?:dan|\w+gpt)|just\W+like\W+(?-i:[A-Z]{2,}))\b", Options, TimeoutMs)]
    private static partial Regex NormalAndOther();

    [GeneratedRegex(@"\G(?:(?:all|any|its|your|the)\W+)?(?:restrictions|filters|limits|limitations|rules|guardrails|safeguards|guidelines|censorship)\W+(?:(?:have|has)\W+been\W+|are\W+(?:now\W+)?|were\W+)?(?:lifted|removed|disabled|turned\W+off|switched\W+off|suspended|deactivated|bypassed|gone)\b", Options, TimeoutMs)]
    private static partial Regex RestrictionsLifted();

    [GeneratedRegex(@"\G(?:(?:your|its)\W+(?:\w+\W+)?|(?:the\W+)?(?:content|safety|ethical|moral)\W+)(?:filters?|restrictions|guardrails|safeguards|guidelines|rules|limitations|protocols?|layers?|training|systems?|features?|moderation)\W+(?:have\W+been|has\W+been|are|is|were|was)\W+(?:now\W+)?(?:temporarily\W+)?(?:disabled|removed|lifted|turned\W+off|switched\W+off|deactivated|suspended|bypassed|off|gone)\b", Options, TimeoutMs)]
    private static partial Regex FiltersDisabled();

    [GeneratedRegex(@"\G(?:the\W+)?(?:(?:usual|normal|standard|typical|regular|your|any|ai|openai'?s?|content|safety)\W+)?(?:rules|guidelines|restrictions|polic(?:y|ies)|ethics|laws|filters|limits)\W+(?:don'?t|do\W+not|no\W+longer|won'?t|will\W+not|doesn'?t|does\W+not|shouldn'?t|should\W+not)\W+apply\b", Options, TimeoutMs)]
    private static partial Regex RulesDontApply();

    [GeneratedRegex(@"\G(?:everything|anything|whatever|all\W+(?:the\W+)?(?:things|requests|questions))\W+(?:that\W+)?(?:you|a\W+(?:normal|regular|safe)\W+(?:ai|assistant|model)|chatgpt|an?\W+\w+\W+(?:ai|assistant))\W+(?:would\W+)?(?:normally\W+|usually\W+|typically\W+)?(?:refuses?|declines?|rejects?|won'?t\W+(?:answer|do|say)|would\W+not|can'?t\W+(?:answer|say|do)|isn'?t\W+allowed)", Options, TimeoutMs)]
    private static partial Regex RefusedThingsAllowed();

    [GeneratedRegex(@"\G(?:start|begin)\W+(?:your|each|every|the|all)\W+(?:\w+\W+)?(?:response|reply|answer|output|message)s?\W+with\W+[""“'](?:sure|absolutely|of\W+course|certainly|yes)\b", Options, TimeoutMs)]
    private static partial Regex AffirmativePrefix();

    [GeneratedRegex(@"\G(?:first|one)\W+(?:as\W+)?(?:yourself|you\W+(?:normally|usually)\W+would|normal(?:ly)?|usual(?:ly)?)\b(?:\W+\w+){0,14}?\W+(?:second(?:ly)?|then|the\W+other|and\W+(?:then\W+)?(?:one\W+)?)\W+(?:\w+\W+){0,2}?as\b", Options, TimeoutMs)]
    private static partial Regex FirstAsYourself();

    [GeneratedRegex(@"\G(?:answer|respond|reply)\W+(?:to\W+)?(?:every|each|all|my)\W+(?:\w+\W+){0,2}?twice\b", Options, TimeoutMs)]
    private static partial Regex AnswerTwice();
}
