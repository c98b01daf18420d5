using System.Text.Json;
using System.Text.Json.Serialization;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

public sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Readable, and stable if enum members are ever reordered.
        Converters = { new JsonStringEnumConverter() },
    };

    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("ChatMessages");
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Content).HasMaxLength(ChatMessage.ContentMaxLength);

        // Keyset pagination walks this index: WHERE SessionId = @s AND Id > @watermark AND Id < @cursor
        // ORDER BY Id DESC; the sessions list counts a session's visible messages from it alone.
        builder.HasIndex(m => new { m.SessionId, m.Id });

        // Cleared messages (up to the session's watermark) and the messages of an erased session,
        // waiting for their undo window to end, are invisible to every query but the purge.
        builder.HasQueryFilter(m => m.Session!.ClearId == null && m.Id > (m.Session.ClearedThroughMessageId ?? 0));

        builder.Property(m => m.Metadata)
            .HasConversion(
                metadata => JsonSerializer.Serialize(metadata, Json),
                json => JsonSerializer.Deserialize<MessageMetadata>(json, Json) ?? MessageMetadata.Empty,
                new ValueComparer<MessageMetadata>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    metadata => JsonSerializer.Serialize(metadata, Json).GetHashCode(StringComparison.Ordinal),
                    metadata => metadata))
            .HasColumnName("MetadataJson");
    }
}
