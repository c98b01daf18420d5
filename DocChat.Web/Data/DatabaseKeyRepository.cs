using System.Xml.Linq;
using DocChat.Web.Data.Entities;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Data;

/// <summary>
/// Data Protection keys in the database (table DataProtectionKeys) instead of files: instances
/// sharing a database share the keys, so a login, a DocChat.Session cookie or an antiforgery
/// token made by one is accepted by another. (Microsoft's package for this,
/// DataProtection.EntityFrameworkCore, is not in the package feed here; this is the same table.)
/// The key manager calls it synchronously, rarely: at start, when a key is created and when the
/// key ring is refreshed.
/// </summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes, ILogger<DatabaseKeyRepository> logger) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DocChatDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
        logger.LogInformation("Stored data protection key {FriendlyName}", friendlyName);
    }

    /// <summary>
    /// Keys an earlier release kept as files (<c>Data/keys/*.xml</c>) are copied into the table
    /// once, at start, while it is empty, so logins and cookies made before the upgrade stay valid.
    /// </summary>
    public static async Task ImportFilesAsync(DocChatDbContext db, string directory, ILogger logger)
    {
        if (!Directory.Exists(directory) || await db.DataProtectionKeys.AnyAsync())
        {
            return;
        }

        var files = Directory.GetFiles(directory, "*.xml").Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = xml });
        }

        await db.SaveChangesAsync();
        logger.LogInformation("Copied {KeyCount} data protection keys from {KeyDirectory} into the database", files.Count, directory);
    }

    /// <summary>
    /// Makes the installation's first key at start, before the instance serves anything, one
    /// instance at a time: instances starting together on a new database would otherwise each make
    /// a key of their own and turn away each other's logins and cookies until they reload the keys.
    /// </summary>
    public static Task EnsureKeyAsync(DocChatDbContext db, IKeyManager keys, CancellationToken cancellationToken) =>
        WriteLocks.OneInstanceAtATimeAsync(db, "data-protection-keys", () =>
        {
            // The key manager's own clock (the system's), not the app's TimeProvider that tests move.
            var now = DateTimeOffset.UtcNow;
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            {
                keys.CreateNewKey(now, now.AddDays(90));
            }

            return Task.CompletedTask;
        }, cancellationToken);
}
