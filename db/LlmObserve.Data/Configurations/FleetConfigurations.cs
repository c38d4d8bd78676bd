using LlmObserve.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmObserve.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("tenants");
        builder.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<Cluster>
{
    public void Configure(EntityTypeBuilder<Cluster> builder)
    {
        builder.ToTable("clusters");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId);
        builder.HasIndex(c => new { c.TenantId, c.Name }).IsUnique();
    }
}

internal sealed class NodeConfiguration : IEntityTypeConfiguration<Node>
{
    public void Configure(EntityTypeBuilder<Node> builder)
    {
        builder.ToTable("nodes");
        builder.Property(n => n.Targets).HasColumnType("jsonb");
        builder.Property(n => n.Counters).HasColumnType("jsonb");
        builder.HasOne<Cluster>().WithMany().HasForeignKey(n => n.ClusterId);
        builder.HasIndex(n => new { n.ClusterId, n.Name }).IsUnique();
        builder.HasIndex(n => n.TenantId);
    }
}

internal sealed class NodeCredentialConfiguration : IEntityTypeConfiguration<NodeCredential>
{
    public void Configure(EntityTypeBuilder<NodeCredential> builder)
    {
        builder.ToTable("node_credentials");
        builder.HasOne<Node>().WithMany().HasForeignKey(c => c.NodeId);
        builder.HasIndex(c => c.SecretHash).IsUnique();
        builder.HasIndex(c => c.NodeId);
    }
}

internal sealed class EnrollmentTokenConfiguration : IEntityTypeConfiguration<EnrollmentToken>
{
    public void Configure(EntityTypeBuilder<EnrollmentToken> builder)
    {
        builder.ToTable("enrollment_tokens");
        builder.HasOne<Cluster>().WithMany().HasForeignKey(t => t.ClusterId);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => t.ClusterId);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId);
        builder.HasIndex(k => k.SecretHash).IsUnique();
        builder.HasIndex(k => k.TenantId);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.Property(a => a.Details).HasColumnType("jsonb");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId);
        builder.HasIndex(a => new { a.TenantId, a.OccurredAt, a.Id }).IsDescending(false, true, true);
    }
}

internal sealed class DestinationConfiguration : IEntityTypeConfiguration<Destination>
{
    public void Configure(EntityTypeBuilder<Destination> builder)
    {
        builder.ToTable("destinations");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId);
        builder.HasIndex(d => new { d.TenantId, d.Name }).IsUnique();
    }
}

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> builder)
    {
        builder.ToTable("dead_letters");
        builder.HasOne<Destination>().WithMany().HasForeignKey(d => d.DestinationId);
        builder.HasIndex(d => new { d.DestinationId, d.FailedAt, d.Id }).IsDescending(false, true, true);
        builder.HasIndex(d => d.TenantId);
    }
}
