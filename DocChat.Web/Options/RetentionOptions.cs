using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>Automatic erasure of unused chats (section <c>DocChat:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "DocChat:Retention";

    /// <summary>
    /// The longest any chat is kept after it was last used, in days, whatever its owner chose
    /// (null: no limit; each user decides).
    /// </summary>
    [Range(1, Services.Chat.ChatRetention.MaxDays)]
    public int? MaxDays { get; set; }
}
