using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class SessionDocumentConfiguration : IEntityTypeConfiguration<SessionDocument>
{
    public void Configure(EntityTypeBuilder<SessionDocument> builder)
    {
        builder.ToTable("SessionDocuments");
        builder.HasKey(d => new { d.SessionId, d.DocumentId });

        // Deleting a document takes it out of every session's scope.
        builder.HasOne<Document>().WithMany().HasForeignKey(d => d.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
