using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>Reads what the app stored, straight from its database, to assert on it.</summary>
public static class StoredData
{
    public static Task<string> UserIdAsync(this DocChatFactory factory, string email) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    public static Task<List<ChatSession>> SessionsAsync(this DocChatFactory factory, string userId) =>
        factory.WithDbAsync(db => db.ChatSessions.AsNoTracking().Where(s => s.UserId == userId).ToListAsync());

    public static async Task<ChatSession> OnlySessionAsync(this DocChatFactory factory, string userId) =>
        Assert.Single(await factory.SessionsAsync(userId));

    public static Task<List<ChatMessage>> MessagesAsync(this DocChatFactory factory, Guid sessionId) =>
        factory.WithDbAsync(db => db.ChatMessages.AsNoTracking().Where(m => m.SessionId == sessionId).OrderBy(m => m.Id).ToListAsync());

    /// <summary>A document's text as stored: its passages (loaded with it) with the white space between them.</summary>
    public static string StoredText(this Document document) =>
        string.Concat(document.Chunks.OrderBy(c => c.Ordinal).Select(c => c.Text + c.Separator));

    public static Task<int> CountAsync<T>(this DocChatFactory factory) where T : class =>
        factory.WithDbAsync(db => db.Set<T>().CountAsync());

    /// <summary>Uploaded files waiting to be read: rows of DocumentUploads (PostgreSQL) and files in the data folder's uploads folder (SQLite).</summary>
    public static async Task<int> WaitingUploadsAsync(this DocChatFactory factory) =>
        await factory.CountAsync<DocumentUpload>() + UploadFiles(factory.DataDirectory).Length;

    /// <summary>The files in a data folder's uploads folder (where SQLite installations keep uploads until they are read).</summary>
    public static string[] UploadFiles(string dataDirectory) =>
        Directory.Exists(Path.Combine(dataDirectory, "uploads")) ? Directory.GetFiles(Path.Combine(dataDirectory, "uploads")) : [];

    /// <summary>
    /// Every byte of the database, its WAL and shared-memory file, read as the OS sees them. SQLite
    /// removes the WAL once its last connection closes (after copying it into the database), so a
    /// file listed can be gone when it is opened: then the files are read again, all of them, since
    /// the database read before may have missed what the WAL held.
    /// </summary>
    public static byte[] DatabaseFileBytes(this DocChatFactory factory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var all = new MemoryStream();
                foreach (var path in Directory.GetFiles(factory.DataDirectory, "docchat.db*"))
                {
                    using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    file.CopyTo(all);
                }

                return all.ToArray();
            }
            catch (FileNotFoundException) when (attempt < 10)
            {
                // Removed between the listing and the read: read them all again.
            }
        }
    }

    public static bool DatabaseFilesContain(this DocChatFactory factory, string text) =>
        factory.DatabaseFileBytes().AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>Waits until the background erasure has removed every deleted document (and erased account row). False after 30 s.</summary>
    public static async Task<bool> DeletedDocumentsErasedAsync(this DocChatFactory factory)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await factory.WithDbAsync(db => db.Documents.IgnoreQueryFilters().AnyAsync(d => d.Status == DocumentStatus.Deleting))
               || await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.ErasedUtc != null)))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>
    /// Waits until none of <paramref name="markers"/> is in the database files: deleted documents'
    /// passages (and erased accounts' rows) are erased in the background. False after 30 s.
    /// </summary>
    public static async Task<bool> ErasedFromFilesAsync(this DocChatFactory factory, params string[] markers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (markers.Any(m => factory.DatabaseFilesContain(m) || factory.DatabaseFilesContain(m.ToUpperInvariant())))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Ids of the passages the provider's word index finds for one word of a user's.</summary>
    public static Task<List<long>> PassagesIndexedForAsync(this DocChatFactory factory, string userId, string word) =>
        factory.WithDbAsync(db => factory.PostgresDatabase is null
            ? db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM DocumentChunksFts WHERE DocumentChunksFts MATCH {OwnedWords.Terms(userId, [word]).Single()}").ToListAsync()
            : db.Database.SqlQuery<long>($"""SELECT "Id" AS "Value" FROM "DocumentChunks" WHERE "SearchVector" @@ to_tsquery('english', {word})""").ToListAsync());

    /// <summary>Rows of the provider's CJK bigram index.</summary>
    public static Task<int> BigramRowsAsync(this DocChatFactory factory) =>
        factory.WithDbAsync(db => factory.PostgresDatabase is null
            ? db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM DocumentChunkGramsFts").SingleAsync()
            : db.Database.SqlQuery<int>($"""SELECT COUNT(*)::int AS "Value" FROM "DocumentChunkGrams" """).SingleAsync());

    /// <summary>Makes storing any passage fail under the running app (SQLite: the index its trigger writes is gone; PostgreSQL: a check no row passes).</summary>
    public static Task BreakPassageStorageAsync(this DocChatFactory factory) =>
        factory.WithDbAsync(db => factory.PostgresDatabase is null
            ? db.Database.ExecuteSqlRawAsync("DROP TABLE DocumentChunksFts")
            : db.Database.ExecuteSqlRawAsync("""ALTER TABLE "DocumentChunks" ADD CONSTRAINT "Broken" CHECK (false) NOT VALID"""));

    public static string ReadLogs(this DocChatFactory factory)
    {
        var text = new System.Text.StringBuilder();
        foreach (var path in Directory.GetFiles(Path.Combine(factory.DataDirectory, "logs")))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(file);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }
}
