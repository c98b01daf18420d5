using DocChat.Web.Commands;
using DocChat.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

var dataDirectory = builder.AddDocChatLogging();
builder.AddDocChatData(dataDirectory);
builder.AddDocChatIdentity();
builder.AddDocChatServices();
builder.AddDocChatWeb();

var app = builder.Build();

if (CopyDataCommand.IsRequested(args))
{
    return await CopyDataCommand.RunAsync(app, args);
}

await app.MigrateDocChatDatabaseAsync();
app.UseDocChatPipeline();
app.MapDocChatEndpoints();

app.Run();
return 0;

/// <summary>Entry point, public so the test project's WebApplicationFactory can reach it.</summary>
public partial class Program;
