namespace DocChat.Web.Data.Entities;

/// <summary>
/// One ASP.NET Core Data Protection key (the XML the key manager writes), kept in the database so
/// every app instance protects and reads cookies and antiforgery tokens with the same keys.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}
