namespace DocChat.Web.Data.Entities;

public sealed class ChatSession
{
    public const int TitleMaxLength = 200;
    public const string DefaultTitle = "New chat";

    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public string Title { get; set; } = DefaultTitle;
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public List<ChatMessage> Messages { get; } = [];
}
