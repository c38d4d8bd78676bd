using System.Text.RegularExpressions;
using static LlmObserve.Detection.Detectors.PhraseHeuristicsVocabulary;

namespace LlmObserve.Detection.Detectors;

/// <summary>More regexes of <see cref="PhraseHeuristicsInjectionRules"/>: leaks, role tags, planted orders.</summary>
internal static partial class PhraseHeuristicsInjectionRules
{
    [GeneratedRegex(@"\G(?:reveal|dump|leak|expose|disclose|spill|exfiltrate)\W+(?:(?:me|us|all|of|everything\W+in)\W+){0,2}your\W+(?:(?:full|entire|hidden|secret|internal|own|current)\W+)?(?:instructions|rules|guidelines|configuration|config|prompt|programming|directives|secrets?|settings)\b", Options, TimeoutMs)]
    private static partial Regex LeakYourRules();

    [GeneratedRegex(@"\G(?:rules|instructions|guidelines|directives|prompt|orders)\W+(?:did|has|have|had|were|was)\W+(?:your|the)\W+(?:creators?|developers?|operators?|owners?|programmers?|company|admins?|administrators?|makers?|trainers?)\W+(?:give|gave|given|set|write|wrote|written|provide|provided|put|program(?:med)?)\b", Options, TimeoutMs)]
    private static partial Regex RulesYourCreatorGave();

    [GeneratedRegex(@"\G(?:(?:you\W+are|you're)\W+(?:now\W+)?an?\W+(?:fresh|new|blank|clean|reset|empty)\W+(?:instance|slate|model|session|copy|assistant)(?:\W+with\W+no\W+(?:instructions|rules|memory|prompt))?|reset\W+(?:yourself|your\W+(?:instructions|rules|memory|context|prompt))\b)", Options, TimeoutMs)]
    private static partial Regex FreshInstance();

    [GeneratedRegex(@"\G<\s*(?:system|sys|admin|developer|instructions?)(?:_(?:prompt|message|instructions?))?\s*>", Options, TimeoutMs)]
    private static partial Regex RoleTag();

    [GeneratedRegex(@"\G[""']role[""']\s*:\s*[""'](?:system|developer)[""']", Options, TimeoutMs)]
    private static partial Regex JsonSystemRole();

    [GeneratedRegex(@"\G(?:to|for)\W+(?:the|any|all|every)\W+(?:ai|a\.i\.|llm|(?:large\W+)?language\W+model|(?:ai\W+)?assistant|chatbot|bot|model|agent|gpt|copilot)s?\W+(?:(?:that|who)\W+(?:is|are)\W+)?(?:reading|processing|summari[sz]ing|parsing|handling|reviewing|seeing|scanning|analy[sz]ing|triaging)\W+(?:this|these|the\W+\w+)\b", Options, TimeoutMs)]
    private static partial Regex ToTheAiReading();

    [GeneratedRegex(@"\G(?:decode|decrypt|translate|reverse|unscramble|deobfuscate)\b(?:\W+\w+){0,8}?\W+(?:and|then)\W+(?:(?:silently|just|blindly)\W+)?(?:follow|execute|obey|do|carry\W+out|run|perform|act\W+on)\W+(?:the\W+|its\W+|any\W+|all\W+)?(?:instructions?|commands?|directions?|orders|it|them|what\W+it\W+says|whatever\W+it\W+says)\b", Options, TimeoutMs)]
    private static partial Regex DecodeAndFollow();

    [GeneratedRegex(@"\G(?:secretly|silently|covertly|quietly|discreetly|invisibly)\W+(?:\w+\W+)?(?:send|forward|append|add|include|insert|call|execute|run|delete|remove|email|post|upload|share|copy|leak|transmit|exfiltrate|change|modify|replace|embed)\b", Options, TimeoutMs)]
    private static partial Regex Covertly();

    [GeneratedRegex(@"\G(?:repeat|print|output|echo|recite|copy|dump|reprint|regurgitate)\W+(?:back\W+)?(?:(?:all|everything|the|of|exact|full|entire|complete|whole|text|words|lines|content|messages?|conversation|this|that)\W+){1,4}(?:above|before\W+(?:this|my|that)|back\W+to\W+me)\b|\G(?:repeat|print|output|echo|recite|copy)\W+(?:the\W+)?above\W+(?:text|words|lines|content|message|instructions|prompt)\b", Options, TimeoutMs)]
    private static partial Regex RepeatTextAbove();

    [GeneratedRegex(@"\G(?:repeat|print|output|reveal|dump|leak|show|display|recite|echo|copy|expose|disclose)\b" + ExtractFiller + @"(?:\W+(?:everything|all)\W+(?:in|of))?\W+the\W+(?:(?:full|entire|whole|complete|exact)\W+)?(?:system\W*(?:prompt|message|instructions)|(?:initial|original|hidden|secret|developer)\W+(?:prompt|instructions|message))\b", Options, TimeoutMs)]
    private static partial Regex ShowTheSystemPrompt();

    [GeneratedRegex(@"\G(?:what\W+(?:were|was|have)\W+you\W+(?:been\W+)?(?:told|given|instructed|programmed|asked)\W+(?:to\W+(?:do|say)\W+)?(?:before|at\W+the\W+(?:start|beginning)|initially|originally|prior\W+to)|what\W+(?:are|were|have)\W+you\W+(?:been\W+)?(?:not\W+(?:supposed|allowed|permitted)|told\W+not|instructed\W+not|forbidden|told\W+never)\W+to\W+(?:tell|say|reveal|share|disclose|mention)|what\W+(?:can't|cannot|can\W+not)\W+you\W+(?:tell|say|reveal|share)\W+me|what\W+did\W+they\W+(?:tell|instruct|program)\W+you)\b", Options, TimeoutMs)]
    private static partial Regex WhatWereYouTold();

    [GeneratedRegex(@"\G(?:text|instructions|prompt|message|words|rules)\W+(?:that\W+)?you\W+(?:were|have\W+been|got)\W+(?:given|told|fed|provided|sent)\W+(?:initially|at\W+first|at\W+the\W+(?:start|beginning|top)|before\W+(?:this|me|my|the\W+conversation)|originally|earlier)\b", Options, TimeoutMs)]
    private static partial Regex TextYouWereGiven();

    [GeneratedRegex(@"\G(?:(?:complete|continue|finish)\W+(?:this|the|my)\W+(?:sentence|following|text|phrase|line)|(?:start|begin)\W+(?:your|the|each)\W+(?:answer|response|reply|output)\W+with)\W+[""“'`]?(?:i\W+(?:was|am|have\W+been)\W+(?:instructed|told|programmed|asked|designed)|(?:the|my)\W+(?:system\W+prompt|instructions|initial\W+prompt|rules|prompt|hidden\W+instructions)\W+(?:is|are|say|says|were|was|read|begin))\b", Options, TimeoutMs)]
    private static partial Regex CompleteTheLeak();

    [GeneratedRegex(@"\Gyour\W+(?:(?:initial|original|hidden|secret|full|internal)\W+)?(?:system\W*(?:prompt|message|instructions)|(?:initial|original|hidden|secret)\W+(?:prompt|instructions))\b", Options, TimeoutMs)]
    private static partial Regex YourSystemPrompt();
}
