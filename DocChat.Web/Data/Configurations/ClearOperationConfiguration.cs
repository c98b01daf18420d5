using DocChat.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class ClearOperationConfiguration : IEntityTypeConfiguration<ClearOperation>
{
    public void Configure(EntityTypeBuilder<ClearOperation> builder)
    {
        builder.ToTable("ClearOperations");
        builder.Property(c => c.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.PreviousTitle).HasMaxLength(ChatSession.TitleMaxLength);
        builder.HasOne<DocChatUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.CreatedUtc);
    }
}
