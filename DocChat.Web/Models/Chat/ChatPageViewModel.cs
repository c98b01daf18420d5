using DocChat.Web.Data.Entities;

namespace DocChat.Web.Models.Chat;

public sealed record ChatMessageViewModel(
    long Id,
    MessageRole Role,
    string Content,
    DateTime CreatedUtc,
    MessageMetadata Metadata);

/// <summary>One page of a session: the newest messages, or those before a cursor.</summary>
public sealed record MessagePage(IReadOnlyList<ChatMessageViewModel> Messages, long? EarlierCursor, bool IsLatest);

public sealed class ChatPageViewModel
{
    public required Guid SessionId { get; init; }
    public required string SessionTitle { get; init; }
    public required MessagePage Page { get; init; }
    public SendMessageInput Input { get; init; } = new();
}
