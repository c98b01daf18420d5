using DocChat.Web.Infrastructure;
using DocChat.Web.Services.Chat;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DocChat.Web.Controllers;

public sealed record ClearSessionRequest(string? Scope);

public sealed record ClearSessionResponse(bool Success, Guid SessionId);

/// <summary>
/// Clear for scripts: the login cookie, the antiforgery token in the RequestVerificationToken
/// header, and an optional JSON body. Errors answer <c>{"error": "..."}</c> (see <see cref="ApiErrorFilter"/>).
/// </summary>
[ApiController]
[Route("api/sessions")]
[ServiceFilter<ApiErrorFilter>]
public sealed class SessionsApiController(CurrentChatSession current, ChatSessionService sessions) : ControllerBase
{
    [HttpPost("clear")]
    public async Task<ActionResult<ClearSessionResponse>> Clear(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ClearSessionRequest? request,
        CancellationToken cancellationToken)
    {
        if (!ClearScopes.TryParse(request?.Scope, out var scope))
        {
            return BadRequest(new ApiError(ClearScopes.InvalidMessage));
        }

        var sessionId = await current.GetOrCreateAsync(HttpContext, cancellationToken);
        var result = await sessions.ClearAsync(User.GetUserId(), sessionId, scope, cancellationToken);
        if (result is null)
        {
            return NotFound(new ApiError("Session not found."));
        }

        current.Set(HttpContext, result.SessionId);
        return new ClearSessionResponse(true, result.SessionId);
    }
}
