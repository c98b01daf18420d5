using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class DocChatUserConfiguration : IEntityTypeConfiguration<DocChatUser>
{
    public void Configure(EntityTypeBuilder<DocChatUser> builder)
    {
        // Written by triggers only: Identity's updates of the user must not write back a stale copy.
        var version = builder.Property(u => u.DataVersion).HasDefaultValue(0L).ValueGeneratedOnAddOrUpdate();
        version.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        version.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
    }
}
