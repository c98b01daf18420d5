using DocChat.Web.Infrastructure;
using DocChat.Web.Models.Chat;
using DocChat.Web.Services.Chat;
using Microsoft.AspNetCore.Mvc;

namespace DocChat.Web.Controllers;

public sealed class ChatController(CurrentChatSession current, ChatMessageService messages, ChatSessionService sessions) : Controller
{
    public const string StatusKey = "Status";

    [HttpGet]
    public async Task<IActionResult> Index(long? before, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        var page = await messages.GetPageAsync(User.GetUserId(), sessionId, before, cancellationToken);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost]
    public async Task<IActionResult> Send([Bind(Prefix = "")] SendMessageInput input, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (!ModelState.IsValid)
        {
            return await InvalidAsync(sessionId, input, cancellationToken);
        }

        return await messages.SendAsync(User.GetUserId(), sessionId, input.Message!, cancellationToken)
            ? RedirectToAction(nameof(Index))
            : NotFound();
    }

    [HttpPost]
    public async Task<IActionResult> Clear(ClearInput input, CancellationToken cancellationToken)
    {
        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        if (!ModelState.IsValid)
        {
            return await InvalidAsync(sessionId, new SendMessageInput(), cancellationToken);
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
    private async Task<IActionResult> InvalidAsync(Guid sessionId, SendMessageInput input, CancellationToken cancellationToken)
    {
        var page = await messages.GetPageAsync(User.GetUserId(), sessionId, before: null, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), new ChatPageViewModel
        {
            SessionId = page.SessionId,
            SessionTitle = page.SessionTitle,
            Page = page.Page,
            Input = input,
        });
    }
}
