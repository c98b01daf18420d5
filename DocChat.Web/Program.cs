using DocChat.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

var dataDirectory = builder.AddDocChatLogging();
builder.AddDocChatData(dataDirectory);
builder.AddDocChatIdentity();
builder.AddDocChatServices();
builder.AddDocChatWeb();

var app = builder.Build();

await app.MigrateDocChatDatabaseAsync();
app.UseDocChatPipeline();
app.MapDocChatEndpoints();

app.Run();

/// <summary>Entry point, public so the test project's WebApplicationFactory can reach it.</summary>
public partial class Program;
