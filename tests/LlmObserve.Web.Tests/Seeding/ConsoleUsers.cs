using LlmObserve.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.Web.Tests.Seeding;

/// <summary>A console user the tests sign in as.</summary>
public sealed record ConsoleLogin(Guid Id, string Email, string Password);

/// <summary>
/// Creates console users the way <c>users add</c> does: through the console's own <see cref="UserManager{TUser}"/>
/// (password rules, hashing, lockout settings) and <see cref="ConsoleIdentityDbContext.Memberships"/>.
/// </summary>
public static class ConsoleUsers
{
    /// <summary>Every test user's password: long enough for the console's rules (12 characters).</summary>
    public const string Password = "Correct-Horse-Battery-7";

    /// <summary>A new user (a unique e-mail starting with <paramref name="name"/>) with these memberships; the first is its current tenant.</summary>
    public static async Task<ConsoleLogin> CreateAsync(ConsoleFixture fixture, string name, params (Guid Tenant, string Role)[] memberships)
    {
        await using var scope = fixture.ConsoleServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var email = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)] + "@example.com";
        var now = DateTimeOffset.UtcNow;
        var user = new ConsoleUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            CurrentTenantId = memberships.Length > 0 ? memberships[0].Tenant : null,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));

        var identity = scope.ServiceProvider.GetRequiredService<ConsoleIdentityDbContext>();
        foreach (var (tenant, role) in memberships)
        {
            identity.Memberships.Add(new TenantMembership { UserId = user.Id, TenantId = tenant, Role = role, CreatedAt = now });
        }

        await identity.SaveChangesAsync();
        return new ConsoleLogin(user.Id, email, Password);
    }
}
