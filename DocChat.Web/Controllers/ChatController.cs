using System.Text.Json;
using DocChat.Web.Infrastructure;
using DocChat.Web.Models.Chat;
using DocChat.Web.Services.Chat;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace DocChat.Web.Controllers;

public sealed class ChatController(
    CurrentChatSession current,
    ChatPageBuilder pages,
    ChatMessageService messages,
    ChatSessionService sessions,
    ChatSettingsService settings,
    ChatRetention retention,
    SessionExport export) : Controller
{
    public const string StatusKey = "Status";

    [HttpGet]
    [OutputCache(PolicyName = ChatPageCache.PolicyName)]
    public async Task<IActionResult> Index(long? before, int sessions = 1, CancellationToken cancellationToken = default)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (before is { } cursor && !await messages.IsCursorAsync(sessionId, cursor, cancellationToken))
        {
            return NotFound();
        }

        var page = await pages.BuildAsync(User.GetUserId(), sessionId, before, cancellationToken, sessionsPage: sessions);
        if (page?.Undo is { } undo)
        {
            ChatPageCache.KeepUntil(HttpContext, undo.UntilUtc);
        }

        return page is null ? NotFound() : View(page);
    }

    /// <summary>Opens one of the user's sessions (it becomes the current one), optionally at a message.</summary>
    [HttpGet("/Chat/Sessions/{id:guid}")]
    public async Task<IActionResult> Open(Guid id, long? message, CancellationToken cancellationToken)
    {
        if (!await sessions.OwnsAsync(User.GetUserId(), id, cancellationToken))
        {
            return NotFound();
        }

        if (message is not { } messageId)
        {
            current.Set(HttpContext, id);
            return RedirectToAction(nameof(Index));
        }

        var (found, cursor) = await messages.CursorEndingAtAsync(id, messageId, cancellationToken);
        if (!found)
        {
            return NotFound();
        }

        current.Set(HttpContext, id);
        return Redirect($"{Url.Action(nameof(Index), new { before = cursor })}#message-{messageId}");
    }

    /// <summary>Downloads a session as Markdown (<c>format=md</c>) or JSON (<c>format=json</c>).</summary>
    [HttpGet("/Chat/Sessions/{id:guid}/Export")]
    public async Task<IActionResult> Export(Guid id, string? format, CancellationToken cancellationToken)
    {
        ExportFormat? parsed = format?.ToLowerInvariant() switch
        {
            "md" or "markdown" => ExportFormat.Markdown,
            "json" => ExportFormat.Json,
            _ => null,
        };
        if (parsed is null)
        {
            return BadRequest();
        }

        var file = await export.ExportAsync(User.GetUserId(), id, parsed.Value, cancellationToken);
        return file is null ? NotFound() : File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>Starts a new session; the current one stays in the list.</summary>
    [HttpPost]
    public async Task<IActionResult> New(CancellationToken cancellationToken)
    {
        current.Set(HttpContext, await sessions.CreateAsync(User.GetUserId(), cancellationToken));
        TempData[StatusKey] = "Started a new chat";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("/Chat/Sessions/{id:guid}/Rename")]
    public async Task<IActionResult> Rename(Guid id, RenameInput input, CancellationToken cancellationToken)
    {
        var userId = User.GetUserId();
        if (!await sessions.OwnsAsync(userId, id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(input.Title))
        {
            ModelState.AddModelError(nameof(RenameInput.Title), "Give the session a name.");
            var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
            var page = await pages.BuildAsync(userId, sessionId, before: null, cancellationToken, rename: (id, input));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), page);
        }

        await sessions.RenameAsync(userId, id, input.Title.Trim(), cancellationToken);
        TempData[StatusKey] = "Session renamed";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The confirmation page for deleting a session (the page script asks in a dialog instead).</summary>
    [HttpGet("/Chat/Sessions/{id:guid}/Delete")]
    public async Task<IActionResult> ConfirmDelete(Guid id, CancellationToken cancellationToken)
    {
        var title = await pages.TitleAsync(User.GetUserId(), id, cancellationToken);
        return title is null ? NotFound() : View(new ConfirmDeleteViewModel(id, title));
    }

    [HttpPost("/Chat/Sessions/{id:guid}/Delete")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        if (!await sessions.DeleteAsync(User.GetUserId(), id, cancellationToken))
        {
            return NotFound();
        }

        TempData[StatusKey] = "Session deleted";
        return RedirectToAction(nameof(Index));
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

        // A reverse proxy (nginx) passes each line on as it comes instead of holding the answer back.
        Response.Headers["X-Accel-Buffering"] = "no";
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
        switch (await settings.UpdateAsync(User.GetUserId(), sessionId, input, ModelState, cancellationToken))
        {
            case SettingsUpdate.UnknownDocuments:
                return NotFound();
            case SettingsUpdate.Invalid:
                return await InvalidAsync(sessionId, cancellationToken, settingsInput: input);
        }

        TempData[StatusKey] = input.SaveAsDefault ? "Answer settings saved, also for new sessions" : "Answer settings saved";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Retention(RetentionInput input, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (!ModelState.IsValid)
        {
            return await InvalidAsync(sessionId, cancellationToken);
        }

        await retention.SetAsync(User.GetUserId(), input.RetentionDays, cancellationToken);
        TempData[StatusKey] = input.RetentionDays is { } days
            ? $"Chats you do not use for {days:N0} days will be erased"
            : "Your chats are kept until you delete them";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The confirmation page for Clear (the page script asks in a dialog instead).</summary>
    [HttpGet]
    public async Task<IActionResult> ConfirmClear(string? scope, CancellationToken cancellationToken)
    {
        if (!ClearScopes.TryParse(scope, out var parsed))
        {
            return NotFound();
        }

        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        var title = await pages.TitleAsync(User.GetUserId(), sessionId, cancellationToken);
        return View(new ConfirmClearViewModel(parsed, title ?? ""));
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
        TempData[StatusKey] = input.ParsedScope switch
        {
            ClearScope.Session => "Started a new session",
            ClearScope.Context => "Context forgotten: the next answer starts afresh",
            _ => "Conversation cleared",
        };
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Undo(Guid clearId, CancellationToken cancellationToken)
    {
        var result = await sessions.UndoAsync(User.GetUserId(), clearId, cancellationToken);
        if (result.Outcome == UndoOutcome.NotFound)
        {
            return NotFound();
        }

        if (result.Outcome == UndoOutcome.TooLate)
        {
            TempData[StatusKey] = result.Scope == ClearScope.Context
                ? "Too late to undo: the context stays forgotten."
                : "Too late to undo: the cleared messages have been erased for good.";
            return RedirectToAction(nameof(Index));
        }

        if (result.Outcome == UndoOutcome.Superseded)
        {
            TempData[StatusKey] = "You cleared this chat again since: undo the latest clear first.";
            return RedirectToAction(nameof(Index));
        }

        current.Set(HttpContext, result.SessionId!.Value);
        TempData[StatusKey] = result.Scope == ClearScope.Context ? "Forget context undone" : "Clear undone";
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
