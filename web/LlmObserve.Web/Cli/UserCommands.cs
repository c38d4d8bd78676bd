using System.CommandLine;
using LlmObserve.Data;
using LlmObserve.ServiceDefaults;
using LlmObserve.Web.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LlmObserve.Web.Cli;

/// <summary>
/// <c>users add</c>: the way the first administrator of a tenant is made (later ones too). The password
/// is read from an environment variable, never from the command line, where other users of the
/// machine could read it in the process list.
/// </summary>
internal static class UserCommands
{
    public const string DefaultPasswordVariable = "LLMOBSERVE_ADMIN_PASSWORD";

    public static Command Add()
    {
        var email = new Option<string>("--email") { Description = "E-mail, also the sign-in name", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "Tenant id or name", Required = true };
        var role = new Option<string?>("--role")
        {
            Description = $"Role in the tenant: {string.Join(", ", ConsoleRoles.All)} (a new membership: viewer unless given; an existing one is kept unless given)",
        };
        var passwordVariable = new Option<string>("--password-env")
        {
            Description = "Environment variable holding the password of a new user (at least 12 characters)",
            DefaultValueFactory = _ => DefaultPasswordVariable,
        };
        var resetPassword = new Option<bool>("--reset-password") { Description = "Also set the password of an existing user from the environment variable" };
        var add = new Command("add", "Create a console user (or find it by e-mail) and give it a role in a tenant. Idempotent.")
        {
            email, tenant, role, passwordVariable, resetPassword,
        };
        add.SetAction((p, ct) => AddAsync(
            p, new UserRequest(p.GetRequiredValue(email), p.GetRequiredValue(tenant), p.GetValue(role), p.GetRequiredValue(passwordVariable), p.GetValue(resetPassword)), ct));
        return add;
    }

    private sealed record UserRequest(string Email, string Tenant, string? Role, string PasswordVariable, bool ResetPassword);

    private static async Task<int> AddAsync(ParseResult parse, UserRequest request, CancellationToken ct)
    {
        var (email, tenantName, role, passwordVariable, resetPassword) = request;
        if (role is not null && !ConsoleRoles.All.Contains(role, StringComparer.Ordinal))
        {
            return await FailAsync($"--role '{role}' is not one of {string.Join(", ", ConsoleRoles.All)}.");
        }

        var password = Environment.GetEnvironmentVariable(passwordVariable);

        using var host = UserHost.Build([.. parse.UnmatchedTokens]);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        try
        {
            var data = services.GetRequiredService<LlmObserveDbContext>();
            var tenant = await data.Tenants.AsNoTracking()
                .FirstOrDefaultAsync(t => t.Name == tenantName || t.Id.ToString() == tenantName, ct);
            if (tenant is null)
            {
                return await FailAsync($"No tenant '{tenantName}'.");
            }

            var users = services.GetRequiredService<UserManager<ConsoleUser>>();
            var user = await users.FindByEmailAsync(email);
            var created = user is null;
            if ((created || resetPassword) && string.IsNullOrEmpty(password))
            {
                return await FailAsync($"Set the user's password in the environment variable {passwordVariable}.");
            }

            if (user is null)
            {
                user = new ConsoleUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, CurrentTenantId = tenant.Id, CreatedAt = DateTimeOffset.UtcNow };
                if (Failed(await users.CreateAsync(user, password!)) is { } error)
                {
                    return await FailAsync(error);
                }
            }
            else if (resetPassword)
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                if (Failed(await users.ResetPasswordAsync(user, token, password!)) is { } error)
                {
                    return await FailAsync(error);
                }

                await users.SetLockoutEndDateAsync(user, null);
            }

            var identity = services.GetRequiredService<ConsoleIdentityDbContext>();
            var membership = await identity.Memberships.FindAsync([user.Id, tenant.Id], ct);
            if (membership is null)
            {
                membership = new TenantMembership { UserId = user.Id, TenantId = tenant.Id, Role = role ?? ConsoleRoles.Viewer, CreatedAt = DateTimeOffset.UtcNow };
                identity.Memberships.Add(membership);
            }
            else if (role is not null)
            {
                membership.Role = role;
            }

            await identity.SaveChangesAsync(ct);
            await users.UpdateSecurityStampAsync(user); // a changed role applies at the next claims check
            Console.WriteLine($"{(created ? "Created user" : "User")} {email}: {membership.Role} of tenant '{tenant.Name}'.");
            return 0;
        }
        catch (Exception e) when (e is NpgsqlException or DbUpdateException)
        {
            return await FailAsync($"database: {e.GetBaseException().Message}");
        }
    }

    private static string? Failed(IdentityResult result) =>
        result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return 1;
    }

    /// <summary>The database and Identity only: no web server.</summary>
    private static class UserHost
    {
        public static IHost Build(string[] args)
        {
            var builder = Host.CreateApplicationBuilder(args);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
            builder.Services.AddLlmObserveDatabase(builder.Configuration);
            builder.Services.AddDataProtection(); // password reset tokens; nothing it protects outlives the command
            builder.Services.AddDbContext<ConsoleIdentityDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
            builder.Services.AddIdentityCore<ConsoleUser>(ConsoleAuthentication.ConfigureIdentity)
                .AddEntityFrameworkStores<ConsoleIdentityDbContext>()
                .AddDefaultTokenProviders();
            return builder.Build();
        }
    }
}
