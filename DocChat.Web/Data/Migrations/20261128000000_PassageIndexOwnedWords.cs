using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DocChat.Web.Data.Migrations;

/// <summary>
/// The passage indexes store each word with its owner's key in front (<see cref="OwnedWords"/>)
/// instead of an Owner column: a search reads the user's own term lists only, and bm25() weighs
/// each word by the user's own passages, so other users' passages cost a search nothing. The
/// word index stays contentless with secure-delete; its triggers build the owned words with the
/// function docchat_owned_words (registered on every connection by SqliteConnectionSetup). The
/// bigram index, which stores its text, is copied with owned bigrams. Both are filled from the
/// passages stored. The word index no longer stores each passage's length (columnsize=0): bm25()
/// read it from a table of its own for every passage it scored, three quarters of a search's time
/// over many matches, and passages are short and capped anyway (qa-eval: same recall@5). See
/// docs/decisions/passage-index.md.
/// </summary>
[DbContext(typeof(DocChatDbContext))]
[Migration("20261128000000_PassageIndexOwnedWords")]
public sealed class PassageIndexOwnedWords : Migration
{
    /// <summary>The user id of a passage's document (a document's passages are deleted before it: trigger Documents_bd).</summary>
    internal static string UserOf(string row) =>
        $"""(SELECT d."UserId" FROM "Documents" AS d WHERE d."Id" = {row}."DocumentId")""";

    internal static string OwnedText(string row) => $"""{OwnedWords.Function}({UserOf(row)}, {row}."Text")""";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        RecreateWordIndex(
            migrationBuilder,
            columns: "\"Text\"",
            deletePassage: $"""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rowid, "Text") VALUES ('delete', old."Id", {OwnedText("old")});""",
            insertPassage: $"""INSERT INTO "DocumentChunksFts"(rowid, "Text") VALUES (new."Id", {OwnedText("new")});""",
            values: $"""{OwnedWords.Function}(d."UserId", c."Text")""");
        RecreateGramIndex(migrationBuilder, "\"Grams\"", $"""{OwnedWords.Function}(d."UserId", g."Grams")""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        RecreateWordIndex(
            migrationBuilder,
            columns: "\"Text\", \"Owner\"",
            deletePassage: $"""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rowid, "Text", "Owner") VALUES ('delete', old."Id", old."Text", {PassageIndexErasesTerms.OwnerOf("old")});""",
            insertPassage: $"""INSERT INTO "DocumentChunksFts"(rowid, "Text", "Owner") VALUES (new."Id", new."Text", {PassageIndexErasesTerms.OwnerOf("new")});""",
            values: """c."Text", 'u' || lower(replace(d."UserId", '-', ''))""");

        // Owned bigrams back to plain ones: the key is the first KeyLength characters of each.
        RecreateGramIndex(migrationBuilder, "\"Grams\", \"Owner\"", $"""
            (SELECT group_concat(substr(value, {OwnedWords.KeyLength + 1}), ' ') FROM json_each('["' || replace(rtrim(g."Grams"), ' ', '","') || '"]')),
            'u' || lower(replace(d."UserId", '-', ''))
            """);
    }

    /// <summary>The word index with new columns and triggers, filled from the passages stored (rows c, with their document d).</summary>
    private static void RecreateWordIndex(MigrationBuilder migrationBuilder, string columns, string deletePassage, string insertPassage, string values)
    {
        migrationBuilder.Sql("""DROP TRIGGER "DocumentChunks_au";""");
        migrationBuilder.Sql("""DROP TRIGGER "DocumentChunks_ad";""");
        migrationBuilder.Sql("""DROP TABLE "DocumentChunksFts";""");
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE "DocumentChunksFts" USING fts5(
                {columns}, content='', columnsize=0, tokenize='porter unicode61 remove_diacritics 2');
            """);
        migrationBuilder.Sql("""INSERT INTO "DocumentChunksFts"("DocumentChunksFts", rank) VALUES ('secure-delete', 1);""");
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_ad" AFTER DELETE ON "DocumentChunks" BEGIN
                {deletePassage}
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "DocumentChunks_au" AFTER UPDATE OF "Text" ON "DocumentChunks" BEGIN
                {deletePassage}
                {insertPassage}
            END;
            """);
        migrationBuilder.Sql($"""
            INSERT INTO "DocumentChunksFts"(rowid, {columns})
            SELECT c."Id", {values}
            FROM "DocumentChunks" AS c JOIN "Documents" AS d ON d."Id" = c."DocumentId";
            """);
    }

    /// <summary>The bigram index with new columns, filled from the old one (rows g, with their document d).</summary>
    private static void RecreateGramIndex(MigrationBuilder migrationBuilder, string columns, string values)
    {
        migrationBuilder.Sql("""DROP TRIGGER "DocumentChunks_ad_grams";""");
        migrationBuilder.Sql("""ALTER TABLE "DocumentChunkGramsFts" RENAME TO "DocumentChunkGramsFtsOld";""");
        migrationBuilder.Sql($"""CREATE VIRTUAL TABLE "DocumentChunkGramsFts" USING fts5({columns}, tokenize='unicode61');""");
        migrationBuilder.Sql("""INSERT INTO "DocumentChunkGramsFts"("DocumentChunkGramsFts", rank) VALUES ('secure-delete', 1);""");
        migrationBuilder.Sql($"""
            INSERT INTO "DocumentChunkGramsFts"(rowid, {columns})
            SELECT g.rowid, {values}
            FROM "DocumentChunkGramsFtsOld" AS g
            JOIN "DocumentChunks" AS c ON c."Id" = g.rowid
            JOIN "Documents" AS d ON d."Id" = c."DocumentId";
            """);
        migrationBuilder.Sql("""DROP TABLE "DocumentChunkGramsFtsOld";""");
        migrationBuilder.Sql("""
            CREATE TRIGGER "DocumentChunks_ad_grams" AFTER DELETE ON "DocumentChunks" BEGIN
                DELETE FROM "DocumentChunkGramsFts" WHERE rowid = old."Id";
            END;
            """);
    }
}
