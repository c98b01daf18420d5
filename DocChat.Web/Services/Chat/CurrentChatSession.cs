using DocChat.Web.Infrastructure;

namespace DocChat.Web.Services.Chat;

/// <summary>Which session the signed-in user is in: the cookie's, if it is still theirs, or one of their own.</summary>
public sealed class CurrentChatSession(CurrentSessionCookie cookie, ChatSessionService sessions)
{
    public async Task<Guid> GetOrCreateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var userId = context.User.GetUserId();
        var fromCookie = cookie.Read(context.Request, userId);
        var sessionId = await sessions.GetOrCreateAsync(userId, fromCookie, cancellationToken);
        if (sessionId != fromCookie)
        {
            cookie.Write(context, userId, sessionId);
        }

        return sessionId;
    }

    public void Set(HttpContext context, Guid sessionId) => cookie.Write(context, context.User.GetUserId(), sessionId);
}
