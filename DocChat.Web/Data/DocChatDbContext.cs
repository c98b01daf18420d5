using DocChat.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DocChat.Web.Data;

/// <summary>
/// The app's database, on SQLite (this type; migrations in Data/Migrations) or on PostgreSQL
/// (<see cref="PostgresDocChatDbContext"/>, migrations in Data/PostgresMigrations): one context
/// type per provider, so each provider has its own set of migrations.
/// </summary>
public class DocChatDbContext : IdentityDbContext<DocChatUser>
{
    public DocChatDbContext(DbContextOptions<DocChatDbContext> options)
        : base(options)
    {
    }

    protected DocChatDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Every SQLite connection of this context gets DocChat's pragmas and functions (<see cref="SqliteConnectionSetup"/>).
    /// The app's pooled contexts have it in their options already (a pooled context may not change its
    /// options here); a context built by hand, by a tool or a test, gets it here.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(SqliteConnectionSetup.Instance) != true)
        {
            optionsBuilder.AddInterceptors(SqliteConnectionSetup.Instance);
        }
    }

    /// <summary>FTS5 index over <see cref="DocumentChunk.Text"/> (contentless, words keyed by owner (<see cref="OwnedWords"/>): filled by the ingestion a batch at a time, emptied by triggers).</summary>
    public const string ChunkSearchTable = "DocumentChunksFts";

    /// <summary>FTS5 index over <see cref="ChatMessage.Content"/>, for searching one's history.</summary>
    public const string MessageSearchTable = "ChatMessagesFts";

    public DbSet<ChatSession> ChatSessions => Set<ChatSession>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<DocumentChunk> DocumentChunks => Set<DocumentChunk>();
    public DbSet<DocumentUpload> DocumentUploads => Set<DocumentUpload>();
    public DbSet<SessionDocument> SessionDocuments => Set<SessionDocument>();
    public DbSet<UserPreferences> UserPreferences => Set<UserPreferences>();
    public DbSet<ClearOperation> ClearOperations => Set<ClearOperation>();
    public DbSet<InstanceSettings> InstanceSettings => Set<InstanceSettings>();
    public DbSet<Invite> Invites => Set<Invite>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DocChatDbContext).Assembly);
    }
}
