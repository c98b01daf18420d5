using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>The administrator and what they hand out (section <c>DocChat:Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "DocChat:Admin";

    /// <summary>
    /// The account with this email is an administrator too (besides the first account registered):
    /// a way back in if the first account is gone.
    /// </summary>
    [EmailAddress]
    public string? Email { get; set; }

    /// <summary>How long an invite link can be used.</summary>
    [Range(1, 90)]
    public int InviteDays { get; set; } = 7;

    /// <summary>How long a password-reset link can be used (once). Identity checks it on the system clock.</summary>
    [Range(0.0001, 168)]
    public double ResetLinkHours { get; set; } = 24;
}
