using DocChat.Web.Data;
using DocChat.Web.Options;
using DocChat.Web.Services.Accounts;
using DocChat.Web.Services.Admin;
using DocChat.Web.Services.Answering;
using DocChat.Web.Services.Chat;
using DocChat.Web.Services.Documents;
using DocChat.Web.Services.Rendering;

namespace DocChat.Web.Extensions;

public static class ServiceExtensions
{
    public static void AddDocChatServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnswerOptions>().BindConfiguration(AnswerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClearOptions>().BindConfiguration(ClearOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddScoped<DatabaseMaintenance>();

        services.AddScoped<AccountErasure>();
        services.AddScoped<AccountDataExport>();
        services.AddScoped<Registration>();
        services.AddScoped<AdminService>();

        services.AddSingleton<CurrentSessionCookie>();
        services.AddScoped<CurrentChatSession>();
        services.AddScoped<ChatSessionService>();
        services.AddScoped<ChatMessageService>();
        services.AddScoped<ChatSettingsService>();
        services.AddScoped<ChatPageBuilder>();
        services.AddScoped<SessionExport>();
        services.AddScoped<ChatRetention>();
        services.AddScoped<MessageSearch>();
        services.AddHostedService<ClearPurgeService>();

        services.AddSingleton<IDocumentReader, PlainTextReader>();
        services.AddSingleton<IDocumentReader, MarkdownReader>();
        services.AddSingleton<IDocumentReader, HtmlReader>();
        services.AddSingleton<IDocumentReader, DocxReader>();
        services.AddSingleton<PdfOcr>();
        services.AddSingleton<IDocumentReader, PdfReader>();
        services.AddSingleton<DocumentReaders>();
        services.AddSingleton<TextChunker>();
        services.AddScoped<DocumentService>();
        services.AddSingleton<DocumentIngestion>();
        services.AddHostedService(provider => provider.GetRequiredService<DocumentIngestion>());
        services.AddSingleton<DeletedDocumentErasure>();
        services.AddHostedService(provider => provider.GetRequiredService<DeletedDocumentErasure>());

        if (DatabaseSetup.Provider(builder.Configuration) == DatabaseProvider.Postgres)
        {
            services.AddScoped<IPassageIndex, PostgresPassageIndex>();
            services.AddScoped<IUploadStore, DatabaseUploadStore>();
        }
        else
        {
            services.AddScoped<IPassageIndex, SqlitePassageIndex>();
            services.AddScoped<IUploadStore, FileUploadStore>();
        }

        services.AddScoped<PassageSearch>();
        services.AddScoped<AnswerService>();
        services.AddSingleton<IAnswerEngine, ExtractiveAnswerEngine>();
        services.AddSingleton<IAnswerEngine, GenerativeAnswerEngine>();
        services.AddSingleton<AnswerMarkdown>();
    }
}
