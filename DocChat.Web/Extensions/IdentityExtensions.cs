using DocChat.Web.Data;
using DocChat.Web.Services.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace DocChat.Web.Extensions;

public static class IdentityExtensions
{
    public const string AuthCookieName = "DocChat.Auth";

    public static void AddDocChatIdentity(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddDefaultIdentity<IdentityUser>(options =>
            {
                // There is no email server: a new account can log in at once.
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;

                // Length over composition rules (NIST SP 800-63B).
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;

                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<DocChatDbContext>()
            .AddSignInManager<LockoutSignInManager>();

        // Check the security stamp on every request, so a password change or a logout ends every
        // other copy of the login at once (one indexed user lookup per request).
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = AuthCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/Identity/Account/Login";
            options.LogoutPath = "/Identity/Account/Logout";

            // Scripts calling /api get a status code, not an HTML login page.
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized, "Log in first.");
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden, "Access denied.");
        });

        // Every page requires login unless it opts out with [AllowAnonymous].
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    private static Task ApiAwareRedirect(
        Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context,
        int statusCode,
        string error)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = statusCode;
            return context.Response.WriteAsJsonAsync(new { error });
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
