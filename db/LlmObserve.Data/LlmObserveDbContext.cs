using System.Linq.Expressions;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Data;

/// <summary>
/// The one way to the data. Every tenant-owned entity gets the tenant query filter here, in one
/// place: a query sees only the rows of <see cref="ITenantContext.TenantId"/>, and none at all
/// when no tenant is set. Code that must look across tenants (credential lookups by hash) says so
/// with <c>IgnoreQueryFilters()</c>.
/// </summary>
public sealed class LlmObserveDbContext(DbContextOptions<LlmObserveDbContext> options, ITenantContext tenant) : DbContext(options)
{
    public const string TenantFilter = "tenant";

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Cluster> Clusters => Set<Cluster>();

    public DbSet<Node> Nodes => Set<Node>();

    public DbSet<NodeCredential> NodeCredentials => Set<NodeCredential>();

    public DbSet<EnrollmentToken> EnrollmentTokens => Set<EnrollmentToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Exchange> Exchanges => Set<Exchange>();

    public DbSet<Finding> Findings => Set<Finding>();

    public DbSet<TenantRule> TenantRules => Set<TenantRule>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<Destination> Destinations => Set<Destination>();

    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();

    /// <summary>Read by the query filter on every query; <see cref="Guid.Empty"/> matches no row.</summary>
    internal Guid CurrentTenantId => tenant.TenantId ?? Guid.Empty;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LlmObserveDbContext).Assembly);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType))
            {
                modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, TenantFilterFor(entityType.ClrType));
            }
        }

        modelBuilder.UseSnakeCaseNames();
    }

    // e => e.TenantId == this.CurrentTenantId; EF turns the context member into a query parameter.
    private LambdaExpression TenantFilterFor(Type entity)
    {
        var e = Expression.Parameter(entity, "e");
        var body = Expression.Equal(
            Expression.Property(e, nameof(ITenantOwned.TenantId)),
            Expression.Property(Expression.Constant(this), nameof(CurrentTenantId)));
        return Expression.Lambda(body, e);
    }
}
