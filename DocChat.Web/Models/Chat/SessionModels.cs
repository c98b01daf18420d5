using System.ComponentModel.DataAnnotations;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;

namespace DocChat.Web.Models.Chat;

/// <param name="MessageCount">Counted up to <see cref="CountedUpTo"/> + 1: the list says "999+" beyond that.</param>
public sealed record SessionListItem(Guid Id, string Title, DateTime UpdatedUtc, int MessageCount)
{
    /// <summary>
    /// The list counts this many messages per session at most: counting is a walk over the
    /// session's index, and the list should cost the same for a session of 10 or 10,000 messages.
    /// </summary>
    public const int CountedUpTo = 999;

    public string MessageCountText => MessageCount > CountedUpTo ? $"{CountedUpTo}+" : MessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record SessionList(IReadOnlyList<SessionListItem> Sessions, int Page, bool HasNext);

/// <summary>A clear that can still be undone until <see cref="UntilUtc"/>.</summary>
public sealed record UndoOffer(Guid ClearId, DateTime UntilUtc, ClearScope Scope);

public sealed class RenameInput
{
    [Required(ErrorMessage = "Give the session a name.")]
    [StringLength(ChatSession.TitleMaxLength, ErrorMessage = "A session name can be at most {1} characters.")]
    public string? Title { get; set; }
}

public sealed record ConfirmClearViewModel(ClearScope Scope, string SessionTitle);

public sealed record ConfirmDeleteViewModel(Guid SessionId, string SessionTitle);

public sealed record SearchViewModel(string Query, IReadOnlyList<MessageSearchHit> Hits);
