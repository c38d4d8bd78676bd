using LlmObserve.Administration;
using LlmObserve.Administration.Audit;
using LlmObserve.Data;
using LlmObserve.Data.Tenancy;
using LlmObserve.ServiceDefaults;
using LlmObserve.Web.Components;
using LlmObserve.Web.Identity;
using LlmObserve.Web.Live;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LlmObserve.Web.Extensions;

internal static class ConsoleServices
{
    public static void AddConsoleServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents();
        services.AddMemoryCache();
        services.AddProblemDetails();

        // The tenant comes from the signed-in user's claims, and from nowhere else (the REST API's rule).
        services.AddHttpContextAccessor();
        services.AddScoped<ITenantContext, ConsoleTenantContext>();
        services.AddScoped<IAuditActorAccessor, ConsoleAuditActor>();
        services.AddLlmObserveDatabase(builder.Configuration);
        services.AddDbContext<ConsoleIdentityDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddTenantAdministration(builder.Configuration);
        services.AddConsoleAuthentication();
        services.AddHealthChecks().AddPostgres();

        // Sign-in cookies and antiforgery tokens are encrypted with these keys: replicas behind one
        // load balancer must share them (a shared volume), or users are signed out between replicas.
        var keys = services.AddDataProtection().SetApplicationName("LlmObserve.Web");
        if (builder.Configuration["DataProtection:KeysDirectory"] is { Length: > 0 } directory)
        {
            keys.PersistKeysToFileSystem(new DirectoryInfo(directory));
        }
    }

    public static void MapConsole(this WebApplication app)
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapLiveEndpoints();
        app.MapRazorComponents<App>();
    }
}
