using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class InstanceSettingsConfiguration : IEntityTypeConfiguration<InstanceSettings>
{
    public void Configure(EntityTypeBuilder<InstanceSettings> builder)
    {
        builder.ToTable("InstanceSettings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.RegistrationMode).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<DocChatUser>().WithMany().HasForeignKey(s => s.AdministratorUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.ToTable("Invites");
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.CreatedUtc);
        builder.HasOne<DocChatUser>().WithMany().HasForeignKey(i => i.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
