using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Tests.Lifecycle;

/// <summary>An installation from before this issue, upgraded: an administrator, a searchable passage index that erases.</summary>
public sealed class LifecycleUpgradeTests
{
    [Fact]
    public async Task Upgrading_MakesTheEarliestAccountTheAdministrator_AndKeepsPassagesSearchable()
    {
        await using var database = await InMemorySqlite.OpenAsync();
        var db = database.Db;
        await db.GetService<IMigrator>().MigrateAsync("20261123010000_ClearByWatermark");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO AspNetUsers (Id, AccessFailedCount, EmailConfirmed, LockoutEnabled, PhoneNumberConfirmed, TwoFactorEnabled)
            VALUES ('ffff0000-0000-0000-0000-000000000001', 0, 0, 0, 0, 0), ('0000aaaa-0000-0000-0000-000000000002', 0, 0, 0, 0, 0);
            INSERT INTO Documents (Id, UserId, FileName, ContentType, SizeBytes, UploadedUtc, Status, Sha256, Text, ChunkCount)
            VALUES ('D0000000-0000-0000-0000-00000000000A', 'ffff0000-0000-0000-0000-000000000001', 'a.txt', 'text/plain', 10, '2026-01-01', 'Ready', 'aa', 'Zebras graze quietly7.', 1);
            INSERT INTO DocumentChunks (DocumentId, Ordinal, StartOffset, Length, Text)
            VALUES ('D0000000-0000-0000-0000-00000000000A', 0, 0, 22, 'Zebras graze quietly7.');
            """);

        await db.Database.MigrateAsync();

        var settings = await db.InstanceSettings.SingleAsync();
        Assert.Equal("ffff0000-0000-0000-0000-000000000001", settings.AdministratorUserId);
        Assert.Equal(RegistrationMode.Open, settings.RegistrationMode);
        Assert.Single(await IndexedAsync(db, "zebra"));
        Assert.Equal(1, await db.Database.SqlQuery<int>($"SELECT count(*) AS Value FROM DocumentChunksFts_data WHERE instr(block, CAST('quietly7' AS BLOB)) > 0").SingleAsync());

        // Deleting the account (its foreign keys) takes the passage out of the index, terms and all.
        await db.Database.ExecuteSqlRawAsync("DELETE FROM AspNetUsers WHERE Id = 'ffff0000-0000-0000-0000-000000000001'");
        Assert.Null((await db.InstanceSettings.AsNoTracking().SingleAsync()).AdministratorUserId);
        Assert.Empty(await IndexedAsync(db, "quietly7"));
        Assert.Equal(0, await db.Database.SqlQuery<int>($"SELECT count(*) AS Value FROM DocumentChunksFts_data WHERE instr(block, CAST('quietly7' AS BLOB)) > 0").SingleAsync());
    }

    /// <summary>The passages indexed for the first account's word.</summary>
    private static Task<List<long>> IndexedAsync(DocChatDbContext db, string word) =>
        db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM DocumentChunksFts WHERE DocumentChunksFts MATCH {OwnedWords.Terms("ffff0000-0000-0000-0000-000000000001", [word]).Single()}").ToListAsync();
}
