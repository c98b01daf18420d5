using DocChat.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("Documents");
        builder.Property(d => d.FileName).HasMaxLength(Document.FileNameMaxLength);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.FailureReason).HasMaxLength(Document.FailureReasonMaxLength);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.OcrPages).HasMaxLength(Document.OcrPagesMaxLength);
        builder.HasOne<DocChatUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.UserId, d.UploadedUtc });

        // The background ingestion looks for the oldest Queued document (or an abandoned Processing one).
        builder.HasIndex(d => new { d.Status, d.UploadedUtc });

        // A deleted document waiting for its passages to be erased is invisible to every query but the erasure.
        builder.HasQueryFilter(d => d.Status != DocumentStatus.Deleting);

        // The same bytes are stored once per user.
        builder.HasIndex(d => new { d.UserId, d.Sha256 }).IsUnique();
        builder.HasOne<DocumentUpload>().WithOne().HasForeignKey<DocumentUpload>(u => u.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Chunks).WithOne(c => c.Document).HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
