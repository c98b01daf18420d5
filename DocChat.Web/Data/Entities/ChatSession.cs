namespace DocChat.Web.Data.Entities;

public sealed class ChatSession
{
    public const int TitleMaxLength = 200;
    public const string DefaultTitle = "New chat";

    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public string Title { get; set; } = DefaultTitle;

    /// <summary>True once the user named the session; automatic titles come from the first question.</summary>
    public bool TitleIsCustom { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public AnswerSettings Settings { get; set; } = AnswerSettings.Default;

    /// <summary>Set while the session is erased but can still be undone; such sessions are hidden everywhere.</summary>
    public Guid? ClearId { get; set; }

    /// <summary>
    /// Clear messages hides the session's messages up to this id (set in one row, whatever the
    /// session's size): hidden everywhere until the purge deletes them or an undo moves it back.
    /// </summary>
    public long? ClearedThroughMessageId { get; set; }

    /// <summary>
    /// Forget context: messages up to this id stay on the page but are never sent to a model again
    /// (the page shows a divider after it).
    /// </summary>
    public long? ContextResetAfterMessageId { get; set; }

    public List<ChatMessage> Messages { get; } = [];

    /// <summary>The documents this session answers from when <see cref="AnswerSettings.AllDocuments"/> is off.</summary>
    public List<SessionDocument> ScopedDocuments { get; } = [];
}

public sealed class SessionDocument
{
    public Guid SessionId { get; set; }
    public Guid DocumentId { get; set; }
}

/// <summary>A user's answer settings for new sessions.</summary>
public sealed class UserPreferences
{
    public required string UserId { get; set; }
    public AnswerSettings Settings { get; set; } = AnswerSettings.Default;

    /// <summary>Erase chats not used for this many days (null: keep them); <c>DocChat:Retention:MaxDays</c> caps it.</summary>
    public int? RetentionDays { get; set; }
}
