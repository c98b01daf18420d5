using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DocChat.Web.Data;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Services.Chat;

public enum ExportFormat
{
    Markdown,
    Json,
}

public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>A session as a file: its messages with their references, and its settings.</summary>
public sealed class SessionExport(DocChatDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<ExportFile?> ExportAsync(string userId, Guid sessionId, ExportFormat format, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var scoped = await db.SessionDocuments.Where(d => d.SessionId == sessionId)
            .Join(db.Documents, d => d.DocumentId, d => d.Id, (_, d) => d.FileName).ToListAsync(cancellationToken);
        var messages = await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == sessionId).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var name = $"docchat-{Slug(session.Title)}-{session.CreatedUtc:yyyyMMdd}";
        return format == ExportFormat.Json
            ? new ExportFile(name + ".json", "application/json", JsonSerializer.SerializeToUtf8Bytes(ToJson(session, scoped, messages), Json))
            : new ExportFile(name + ".md", "text/markdown; charset=utf-8", Encoding.UTF8.GetBytes(ToMarkdown(session, scoped, messages)));
    }

    private object ToJson(ChatSession session, List<string> scoped, List<ChatMessage> messages) => new
    {
        exportedUtc = clock.GetUtcNow().UtcDateTime,
        session = SessionJson(session, scoped),
        messages = messages.Select(MessageJson),
    };

    /// <summary>A session as the JSON export writes it (also in "Download your data").</summary>
    internal static object SessionJson(ChatSession session, IReadOnlyList<string> scoped) => new
    {
        session.Id,
        session.Title,
        session.CreatedUtc,
        session.UpdatedUtc,
        settings = session.Settings,
        documents = session.Settings.AllDocuments ? null : scoped,

        // Forget context: messages up to this id are no longer sent to a model.
        contextResetAfterMessageId = session.ContextResetAfterMessageId,
    };

    internal static object MessageJson(ChatMessage message) => new
    {
        message.Id,
        role = message.Role,
        message.Content,
        message.CreatedUtc,
        outcome = message.Metadata.Outcome,
        references = message.Metadata.References,
        settings = message.Metadata.Settings,
        retrievedPassageIds = message.Metadata.RetrievedChunkIds,
        error = message.Metadata.Error,
    };

    internal static JsonSerializerOptions JsonOptions => Json;

    private string ToMarkdown(ChatSession session, List<string> scoped, List<ChatMessage> messages)
    {
        var markdown = new StringBuilder();
        var settings = session.Settings;
        markdown.Append("# ").AppendLine(session.Title).AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Exported from DocChat on {clock.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm} UTC.").AppendLine()
            .AppendLine("## Settings").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- Answer mode: {settings.Mode}{(settings.Model is { } model ? $" ({model})" : "")}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Passages retrieved: {settings.PassageCount}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Temperature: {settings.Temperature.ToString(CultureInfo.InvariantCulture)}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Documents: {(settings.AllDocuments ? "all my documents" : string.Join(", ", scoped))}")
            .AppendLine();

        var contextShown = session.ContextResetAfterMessageId is null;
        foreach (var message in messages)
        {
            if (!contextShown && message.Id > session.ContextResetAfterMessageId)
            {
                markdown.AppendLine(ContextForgotten).AppendLine();
                contextShown = true;
            }

            markdown.AppendLine(CultureInfo.InvariantCulture, $"## {(message.Role == MessageRole.User ? "You" : "DocChat")} ({message.CreatedUtc:yyyy-MM-dd HH:mm} UTC)")
                .AppendLine().AppendLine(message.Content.Trim()).AppendLine();
            if (message.Metadata.References.Count > 0)
            {
                markdown.AppendLine("References:").AppendLine();
                foreach (var reference in message.Metadata.References)
                {
                    var page = reference.PageNumber is { } number ? $", page {number}" : "";
                    markdown.AppendLine(CultureInfo.InvariantCulture, $"{reference.Number}. {reference.DocumentName}{page}: > {TextSpans.OneLine(reference.Quote)}");
                }

                markdown.AppendLine();
            }
        }

        if (!contextShown && messages.Count > 0)
        {
            markdown.AppendLine(ContextForgotten).AppendLine();
        }

        return markdown.ToString();
    }

    private const string ContextForgotten = "---\n\n*Context forgotten here: later answers do not use the messages above.*";

    private static string Slug(string title)
    {
        var slug = new string(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Length == 0 ? "chat" : slug[..Math.Min(slug.Length, 40)].Trim('-');
    }
}
