using Microsoft.AspNetCore.Identity;

namespace DocChat.Web.Data.Entities;

/// <summary>An account: Identity's user with what the administrator page shows about it (never content).</summary>
public sealed class DocChatUser : IdentityUser
{
    /// <summary>When the account was registered; null for accounts made before DocChat recorded it.</summary>
    public DateTime? CreatedUtc { get; set; }

    /// <summary>The last request the user made, to within <see cref="Services.Accounts.SecurityStampCheck.LastSeenResolution"/>.</summary>
    public DateTime? LastSeenUtc { get; set; }

    /// <summary>
    /// Set when the account was erased: the row is already stripped of its email and password and
    /// locked; it is deleted once the background erasure has removed its documents' passages.
    /// </summary>
    public DateTime? ErasedUtc { get; set; }

    /// <summary>
    /// Counts changes to what the user's chat page shows. Only the database's triggers change it
    /// (<see cref="Data.DataVersionTriggers"/>); EF Core never writes it.
    /// </summary>
    public long DataVersion { get; set; }
}
