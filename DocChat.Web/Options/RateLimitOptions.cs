using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>How often login, send and upload may be used (section <c>DocChat:RateLimits</c>), per fixed window.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "DocChat:RateLimits";

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Login attempts per client address.</summary>
    [Range(1, 1_000_000)]
    public int LoginPerAddress { get; set; } = 20;

    /// <summary>Login attempts per account (on top of the lockout after 5 wrong passwords).</summary>
    [Range(1, 1_000_000)]
    public int LoginPerAccount { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int SendPerUser { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int SendPerAddress { get; set; } = 120;

    [Range(1, 1_000_000)]
    public int UploadPerUser { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int UploadPerAddress { get; set; } = 60;
}
