using System.ComponentModel.DataAnnotations;
using DocChat.Web.Services.Chat;

namespace DocChat.Web.Models.Chat;

/// <summary>The chat retention form: erase chats not used for this many days; empty keeps them.</summary>
public sealed class RetentionInput
{
    /// <summary>Shown for any bad value: out of range, or not a whole number at all.</summary>
    public const string InvalidMessage = "Enter a number of days from 1 to 36500, or leave it empty to keep chats.";

    [Range(1, ChatRetention.MaxDays, ErrorMessage = InvalidMessage)]
    public int? RetentionDays { get; set; }
}
