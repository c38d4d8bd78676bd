using LlmObserve.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmObserve.Data.Configurations;

internal sealed class ExchangeConfiguration : IEntityTypeConfiguration<Exchange>
{
    public void Configure(EntityTypeBuilder<Exchange> builder)
    {
        builder.ToTable("exchanges");
        builder.Property(e => e.RequestHeaders).HasColumnType("jsonb");
        builder.Property(e => e.ResponseHeaders).HasColumnType("jsonb");
        builder.Property(e => e.StoredAt).HasDefaultValueSql("clock_timestamp()");
        builder.HasOne<Cluster>().WithMany().HasForeignKey(e => e.ClusterId);
        builder.HasOne<Node>().WithMany().HasForeignKey(e => e.NodeId);
        builder.HasMany(e => e.Findings).WithOne().HasForeignKey(f => f.ExchangeId);

        // Keyset pagination, newest first, per tenant and per cluster.
        builder.HasIndex(e => new { e.TenantId, e.CapturedAt, e.Id }).IsDescending(false, true, true);
        builder.HasIndex(e => new { e.TenantId, e.ClusterId, e.CapturedAt, e.Id }).IsDescending(false, false, true, true);
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> builder)
    {
        builder.ToTable("findings");
        builder.Property(f => f.CreatedAt).HasDefaultValueSql("clock_timestamp()");
        builder.Property(f => f.TxId).HasDefaultValueSql("pg_current_xact_id()::text::bigint").ValueGeneratedOnAdd();
        builder.HasIndex(f => f.ExchangeId);
        builder.HasIndex(f => new { f.TenantId, f.Severity, f.CapturedAt, f.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(f => new { f.TenantId, f.Category, f.CapturedAt, f.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(f => new { f.TenantId, f.RuleId, f.CapturedAt, f.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(f => new { f.TenantId, f.Namespace, f.CapturedAt, f.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(f => new { f.TenantId, f.Pod, f.CapturedAt, f.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(f => new { f.TenantId, f.LlmModel, f.CapturedAt, f.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(f => new { f.TenantId, f.TxId, f.Id });
        builder.HasIndex(f => new { f.TenantId, f.CreatedAt }).IncludeProperties(f => f.TxId);
        builder.HasIndex(f => new { f.TenantId, f.CapturedAt, f.Id }).IsDescending(false, true, true);
        builder.HasIndex(f => new { f.TenantId, f.ClusterId, f.CapturedAt, f.Id }).IsDescending(false, false, true, true);
    }
}

internal sealed class TenantRuleConfiguration : IEntityTypeConfiguration<TenantRule>
{
    public void Configure(EntityTypeBuilder<TenantRule> builder)
    {
        builder.ToTable("tenant_rules");
        builder.HasKey(r => new { r.TenantId, r.RuleId });
        builder.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}
