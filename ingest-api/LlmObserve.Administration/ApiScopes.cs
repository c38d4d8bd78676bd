namespace LlmObserve.Administration;

/// <summary>API key scopes of the REST API (also offered by the console when it creates keys). <see cref="Admin"/> holds every other scope.</summary>
public static class ApiScopes
{
    public const string FindingsRead = "findings:read";
    public const string ExchangesRead = "exchanges:read";
    public const string RulesWrite = "rules:write";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [FindingsRead, ExchangesRead, RulesWrite, Admin];
}
