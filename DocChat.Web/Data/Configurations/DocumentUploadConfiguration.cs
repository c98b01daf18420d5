using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class DocumentUploadConfiguration : IEntityTypeConfiguration<DocumentUpload>
{
    public void Configure(EntityTypeBuilder<DocumentUpload> builder)
    {
        builder.ToTable("DocumentUploads");
        builder.HasKey(u => u.DocumentId);
    }
}
