using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DocChat.Web.Services.Chat;

/// <summary>
/// Remembers the user's current chat session in the <c>DocChat.Session</c> cookie. The value is
/// protected with Data Protection under a purpose that includes the user id, so a tampered
/// value, or a value issued to another user, does not decrypt and reads as "no session".
/// </summary>
public sealed class CurrentSessionCookie(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Name = "DocChat.Session";
    private const string Purpose = "DocChat.CurrentSession.v1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public Guid? Read(HttpRequest request, string userId)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(Protector(userId).Unprotect(value), "N", out var sessionId) ? sessionId : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Write(HttpContext context, string userId, Guid sessionId) =>
        context.Response.Cookies.Append(Name, Protector(userId).Protect(sessionId.ToString("N")), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            Path = "/",
            Expires = clock.GetUtcNow().Add(Lifetime),
        });

    private IDataProtector Protector(string userId) => protection.CreateProtector(Purpose, userId);
}
