using System.ComponentModel.DataAnnotations;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Chat;

namespace DocChat.Web.Models.Chat;

public sealed record SessionListItem(Guid Id, string Title, DateTime UpdatedUtc, int MessageCount);

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
