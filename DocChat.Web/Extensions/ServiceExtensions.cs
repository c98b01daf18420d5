using DocChat.Web.Data;
using DocChat.Web.Options;
using DocChat.Web.Services.Answering;
using DocChat.Web.Services.Chat;
using DocChat.Web.Services.Documents;

namespace DocChat.Web.Extensions;

public static class ServiceExtensions
{
    public static void AddDocChatServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnswerOptions>().BindConfiguration(AnswerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddScoped<SqliteMaintenance>();

        services.AddSingleton<CurrentSessionCookie>();
        services.AddScoped<CurrentChatSession>();
        services.AddScoped<ChatSessionService>();
        services.AddScoped<ChatMessageService>();

        services.AddSingleton<PlainTextReader>();
        services.AddSingleton<TextChunker>();
        services.AddScoped<DocumentService>();

        services.AddScoped<PassageSearch>();
        services.AddScoped<IAnswerEngine, ExtractiveAnswerEngine>();
    }
}
