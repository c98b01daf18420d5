using DocChat.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class ChatSessionConfiguration : IEntityTypeConfiguration<ChatSession>
{
    public void Configure(EntityTypeBuilder<ChatSession> builder)
    {
        builder.ToTable("ChatSessions");
        builder.Property(s => s.Title).HasMaxLength(ChatSession.TitleMaxLength);
        builder.ComplexProperty(s => s.Settings, AnswerSettingsMapping.Map);
        builder.HasOne<DocChatUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserId, s.UpdatedUtc });

        // Erased sessions waiting for their undo window to end are invisible to every query but the purge.
        builder.HasQueryFilter(s => s.ClearId == null);
        builder.HasIndex(s => s.ClearId);
        builder.HasMany(s => s.Messages).WithOne(m => m.Session).HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.ScopedDocuments).WithOne().HasForeignKey(d => d.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
