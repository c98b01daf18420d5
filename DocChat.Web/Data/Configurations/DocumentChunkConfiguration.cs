using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

/// <summary>
/// Passages are mirrored into the FTS5 table <see cref="DocChatDbContext.ChunkSearchTable"/> by
/// triggers created in the migrations; EF Core does not model virtual tables.
/// </summary>
public sealed class DocumentChunkConfiguration : IEntityTypeConfiguration<DocumentChunk>
{
    public void Configure(EntityTypeBuilder<DocumentChunk> builder)
    {
        builder.ToTable("DocumentChunks");
        builder.Property(c => c.Heading).HasMaxLength(DocumentChunk.HeadingMaxLength);
        builder.Property(c => c.Separator).HasDefaultValue("");
        builder.HasIndex(c => new { c.DocumentId, c.Ordinal }).IsUnique();
    }
}
