using LlmObserve.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Web.Identity;

/// <summary>
/// Console users and their tenant memberships. The tables are created by the versioned SQL
/// migrations of <c>db/LlmObserve.Data</c> (0005), like every other table; this context only maps
/// them. It holds no tenant data, so it has no tenant filter: what a user may see is decided by
/// <see cref="ConsoleClaimsFactory"/> from the memberships, and then by the tenant filter of
/// <see cref="LlmObserveDbContext"/>.
/// </summary>
public sealed class ConsoleIdentityDbContext(DbContextOptions<ConsoleIdentityDbContext> options)
    : IdentityUserContext<ConsoleUser, Guid>(options)
{
    public DbSet<TenantMembership> Memberships => Set<TenantMembership>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ConsoleUser>().ToTable("console_users");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("console_user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("console_user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("console_user_tokens");
        builder.Entity<TenantMembership>(m =>
        {
            m.ToTable("console_memberships");
            m.HasKey(x => new { x.UserId, x.TenantId });
            m.HasOne<ConsoleUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            m.HasIndex(x => x.TenantId);
        });
        builder.UseSnakeCaseNames();
    }
}
