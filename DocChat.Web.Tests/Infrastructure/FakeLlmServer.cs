using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>What the fake model does with the next request.</summary>
public sealed record FakeReply(string Content = "", int Status = 200, TimeSpan Delay = default)
{
    /// <summary>How the content is cut into streamed chunks.</summary>
    public int ChunkCharacters { get; init; } = 8;

    /// <summary>A pause before each streamed chunk, to watch an answer arrive.</summary>
    public TimeSpan ChunkDelay { get; init; }
}

/// <summary>
/// A small OpenAI-compatible chat-completions server on loopback, so the real OpenAI SDK can be
/// exercised: plain and streamed (SSE) answers, HTTP errors and slow answers. It records every
/// request body for assertions on the prompt.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeLlmServer(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    public Func<JsonElement, FakeReply> Reply { get; set; } = _ => new FakeReply("The documents say so [1].");

    public static async Task<FakeLlmServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeLlmServer? server = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        server = new FakeLlmServer(app, new Uri(address, "/v1"));
        return server;
    }

    /// <summary>An endpoint address where nothing listens: a model server that is down.</summary>
    public static Uri UnreachableEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/v1");
    }

    /// <summary>
    /// Configuration pointing the app at <paramref name="endpoint"/>. The default time-out is generous:
    /// a streamed reply with chunk delays takes seconds and the suite runs on a loaded machine; tests of
    /// the time-out itself pass a short one.
    /// </summary>
    public static Dictionary<string, string?> Settings(Uri endpoint, double timeoutSeconds = 30) => new()
    {
        ["DocChat:Llm:Endpoint"] = endpoint.ToString(),
        ["DocChat:Llm:ApiKey"] = "test-key",
        ["DocChat:Llm:Models:0"] = "test-model",
        ["DocChat:Llm:Models:1"] = "other-model",
        ["DocChat:Llm:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task HandleAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        Requests.Enqueue(request);
        var reply = Reply(request);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.Status != 200)
        {
            context.Response.StatusCode = reply.Status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "fake failure", type = "server_error" } });
            return;
        }

        var model = request.GetProperty("model").GetString();
        if (request.TryGetProperty("stream", out var stream) && stream.GetBoolean())
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var chunk in reply.Content.Chunk(reply.ChunkCharacters).Select(c => new string(c)))
            {
                await Task.Delay(reply.ChunkDelay, context.RequestAborted);
                await WriteEventAsync(context, Chunk(model, new { role = "assistant", content = chunk }, finish: null));
            }

            await WriteEventAsync(context, Chunk(model, new { }, finish: "stop"));
            await context.Response.WriteAsync("data: [DONE]\n\n");
            return;
        }

        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
        });
    }

    private static object Chunk(string? model, object delta, string? finish) => new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    };

    private static async Task WriteEventAsync(HttpContext context, object payload)
    {
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(payload)}\n\n");
        await context.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
