using DocChat.Web.Services.Chat;

namespace DocChat.Web.Data.Entities;

/// <summary>
/// A clear that can still be undone. Until <see cref="CreatedUtc"/> + the undo window, the
/// cleared messages (or the erased session) stay in the database, hidden from every page by
/// query filters (the session's <see cref="ChatSession.ClearedThroughMessageId"/> or
/// <see cref="ChatSession.ClearId"/>: one row changes, not one per message); then the purge
/// deletes them, and this row, for good.
/// </summary>
public sealed class ClearOperation
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>The session whose messages were cleared, or the session that was erased.</summary>
    public Guid SessionId { get; set; }

    public ClearScope Scope { get; set; }
    public DateTime CreatedUtc { get; set; }

    /// <summary>For <see cref="ClearScope.Session"/>: the fresh session that replaced the erased one.</summary>
    public Guid? ReplacementSessionId { get; set; }

    /// <summary>An automatic title reset by the clear (it was made from a cleared question), restored by undo.</summary>
    public string? PreviousTitle { get; set; }

    /// <summary>
    /// When the purge erased what this clear hid. The row stays a day as an empty tombstone, so
    /// an undo after the window can say "too late" rather than "not found".
    /// </summary>
    public DateTime? PurgedUtc { get; set; }

    /// <summary>For <see cref="ClearScope.Messages"/>: the last message the clear hid (the session's new watermark).</summary>
    public long? ThroughMessageId { get; set; }

    /// <summary>For <see cref="ClearScope.Messages"/>: the session's watermark before the clear, restored by undo.</summary>
    public long? PreviousThroughMessageId { get; set; }
}
