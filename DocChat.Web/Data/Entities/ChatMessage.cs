namespace DocChat.Web.Data.Entities;

public enum MessageRole
{
    User,
    Assistant,
}

/// <summary>
/// One turn of a conversation. <see cref="Id"/> grows with every insert, so it doubles as the
/// message order within a session and as the keyset-pagination cursor.
/// </summary>
public sealed class ChatMessage
{
    public const int ContentMaxLength = 8_000;

    public long Id { get; set; }
    public Guid SessionId { get; set; }
    public MessageRole Role { get; set; }
    public required string Content { get; set; }
    public DateTime CreatedUtc { get; set; }
    public MessageMetadata Metadata { get; set; } = MessageMetadata.Empty;

    public ChatSession? Session { get; set; }
}
