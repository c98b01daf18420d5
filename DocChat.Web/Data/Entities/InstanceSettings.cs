namespace DocChat.Web.Data.Entities;

public enum RegistrationMode
{
    /// <summary>Anyone who reaches the server can create an account (the default).</summary>
    Open,

    /// <summary>Only with a single-use invite link the administrator created.</summary>
    InviteOnly,

    /// <summary>No new accounts.</summary>
    Closed,
}

/// <summary>The installation's settings the administrator changes on /Admin: one row, <see cref="SingletonId"/>.</summary>
public sealed class InstanceSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public RegistrationMode RegistrationMode { get; set; } = RegistrationMode.Open;

    /// <summary>The first account registered on the installation (null once it is erased).</summary>
    public string? AdministratorUserId { get; set; }
}

/// <summary>A single-use link to register while registration is invite-only. Only the token's hash is stored.</summary>
public sealed class Invite
{
    public Guid Id { get; set; }
    public required string TokenHash { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
}
