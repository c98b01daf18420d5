using System.Text.Json;
using DocChat.Web.Infrastructure;
using DocChat.Web.Models.Chat;
using DocChat.Web.Services.Chat;
using Microsoft.AspNetCore.Mvc;

namespace DocChat.Web.Controllers;

public sealed class ChatController(
    CurrentChatSession current,
    ChatPageBuilder pages,
    ChatMessageService messages,
    ChatSessionService sessions,
    ChatSettingsService settings) : Controller
{
    public const string StatusKey = "Status";

    [HttpGet]
    public async Task<IActionResult> Index(long? before, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        var page = await pages.BuildAsync(User.GetUserId(), sessionId, before, cancellationToken);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost]
    public async Task<IActionResult> Send([Bind(Prefix = "")] SendMessageInput input, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (!ModelState.IsValid)
        {
            return await InvalidAsync(sessionId, cancellationToken, input: input);
        }

        return await messages.SendAsync(User.GetUserId(), sessionId, input.Message!, onDelta: null, cancellationToken)
            ? RedirectToAction(nameof(Index))
            : NotFound();
    }

    /// <summary>
    /// The same as <see cref="Send"/> for the page's script: the answer streams back as
    /// newline-delimited JSON (<c>{"delta": "..."}</c> lines, then <c>{"done": true}</c>) and is
    /// stored when complete. Without JavaScript the plain form post is used.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> Stream([Bind(Prefix = "")] SendMessageInput input, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (!ModelState.IsValid)
        {
            var error = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).First();
            return BadRequest(new ApiError(error));
        }

        Response.ContentType = "application/x-ndjson";
        Response.Headers.CacheControl = "no-store";
        var sent = await messages.SendAsync(User.GetUserId(), sessionId, input.Message!, (delta, token) => WriteLineAsync(new { delta }, token), cancellationToken);
        await WriteLineAsync(sent ? new { done = true } : (object)new { error = "Session not found." }, cancellationToken);
        return new EmptyResult();
    }

    [HttpPost]
    public async Task<IActionResult> Retry(long messageId, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        return await messages.RetryAsync(User.GetUserId(), sessionId, messageId, cancellationToken)
            ? RedirectToAction(nameof(Index))
            : NotFound();
    }

    [HttpPost]
    public async Task<IActionResult> Settings(SettingsInput input, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (!await settings.UpdateAsync(User.GetUserId(), sessionId, input, ModelState, cancellationToken))
        {
            return await InvalidAsync(sessionId, cancellationToken, settingsInput: input);
        }

        TempData[StatusKey] = input.SaveAsDefault ? "Answer settings saved, also for new sessions" : "Answer settings saved";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Clear(ClearInput input, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (!ModelState.IsValid)
        {
            return await InvalidAsync(sessionId, cancellationToken);
        }

        var result = await sessions.ClearAsync(User.GetUserId(), sessionId, input.ParsedScope, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        current.Set(HttpContext, result.SessionId);
        TempData[StatusKey] = input.ParsedScope == ClearScope.Session ? "Started a new session" : "Conversation cleared";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Re-renders the chat page with the validation messages, as 400.</summary>
    private async Task<IActionResult> InvalidAsync(
        Guid sessionId, CancellationToken cancellationToken, SendMessageInput? input = null, SettingsInput? settingsInput = null)
    {
        var page = await pages.BuildAsync(User.GetUserId(), sessionId, before: null, cancellationToken, input, settingsInput);
        if (page is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), page);
    }

    private async Task WriteLineAsync(object value, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(Response.Body, value, cancellationToken: cancellationToken);
        await Response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await Response.Body.FlushAsync(cancellationToken);
    }
}
