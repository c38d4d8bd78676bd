using System.CommandLine;
using LlmObserve.ServiceDefaults;

namespace LlmObserve.Web.Cli;

/// <summary>
/// <c>LlmObserve.Web</c> with no command serves the console; <c>users add</c> creates a console user or
/// adds a tenant membership. Migrations are ingest-api's <c>migrate</c> step: the console refuses to
/// start against a schema it does not match.
/// </summary>
internal static class WebCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("LlmObserve web console for security analysts.") { TreatUnmatchedTokensAsErrors = false };
        root.SetAction(ServeAsync);
        root.Subcommands.Add(new Command("users", "Console users and their tenant memberships.") { UserCommands.Add() });
        return root;
    }

    private static Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken) =>
        WebApp.Build([.. parse.UnmatchedTokens]).RunWhenSchemaCurrentAsync(cancellationToken);
}
