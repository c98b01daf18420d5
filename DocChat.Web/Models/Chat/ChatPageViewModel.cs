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

public sealed record DocumentChoice(Guid Id, string FileName);

/// <summary>What the settings form offers: the configured models and the user's ready documents.</summary>
public sealed record SettingsChoices(IReadOnlyList<string> Models, IReadOnlyList<DocumentChoice> Documents)
{
    public bool GenerativeAvailable => Models.Count > 0;
}

public sealed class ChatPageViewModel
{
    public required Guid SessionId { get; init; }
    public required string SessionTitle { get; init; }

    /// <summary>Forget context: messages up to this id are not sent to a model; the page shows a divider after it.</summary>
    public long? ContextResetAfterMessageId { get; init; }
    public required MessagePage Page { get; init; }
    public required SettingsInput Settings { get; init; }
    public required SettingsChoices Choices { get; init; }

    /// <summary>Documents cited on this page that still exist; references to others say they were deleted.</summary>
    public required IReadOnlySet<Guid> ExistingDocumentIds { get; init; }

    public SendMessageInput Input { get; init; } = new();

    /// <summary>Open the settings panel (after an invalid settings post).</summary>
    public bool ShowSettings { get; init; }

    public required SessionList Sessions { get; init; }

    /// <summary>How long unused chats are kept, and when this one will be erased if it is not used.</summary>
    public required DocChat.Web.Services.Chat.RetentionView Retention { get; init; }

    /// <summary>A clear of this session that can still be undone.</summary>
    public UndoOffer? Undo { get; init; }

    /// <summary>The session being renamed, with the name typed (after an invalid rename).</summary>
    public (Guid SessionId, RenameInput Input)? Rename { get; init; }
}
