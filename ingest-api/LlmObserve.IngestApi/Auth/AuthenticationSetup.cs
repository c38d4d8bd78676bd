using LlmObserve.Administration;
using Microsoft.AspNetCore.Authentication;

namespace LlmObserve.IngestApi.Auth;

internal static class LlmObserveClaims
{
    public const string TenantId = "llmo:tenant";
    public const string ClusterId = "llmo:cluster";
    public const string NodeId = "llmo:node";
    public const string CredentialId = "llmo:credential";
    public const string ApiKeyId = "llmo:key";
    public const string ApiKeyName = "llmo:key_name";
    public const string Scope = "scope";
}

internal static class AuthenticationSetup
{
    public const string NodeScheme = "NodeCredential";
    public const string ApiKeyScheme = "ApiKey";
    public const string NodePolicy = "node";

    public static IServiceCollection AddLlmObserveAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, NodeCredentialHandler>(NodeScheme, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(NodePolicy, p => p.AddAuthenticationSchemes(NodeScheme).RequireAuthenticatedUser())
            .AddScopePolicy(ApiScopes.FindingsRead)
            .AddScopePolicy(ApiScopes.ExchangesRead)
            .AddScopePolicy(ApiScopes.RulesWrite)
            .AddScopePolicy(ApiScopes.Admin);
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>A policy named after the scope: an API key that has it, or <see cref="ApiScopes.Admin"/>.</summary>
    private static Microsoft.AspNetCore.Authorization.AuthorizationBuilder AddScopePolicy(
        this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder, string scope) =>
        builder.AddPolicy(scope, p => p.AddAuthenticationSchemes(ApiKeyScheme).RequireAuthenticatedUser()
            .RequireClaim(LlmObserveClaims.Scope, scope, ApiScopes.Admin));
}
