using DocChat.Web.Data.Entities;
using DocChat.Web.Data;
using DocChat.Web.Options;
using DocChat.Web.Services.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Extensions;

public static class IdentityExtensions
{
    public const string AuthCookieName = "DocChat.Auth";

    public static void AddDocChatIdentity(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddDefaultIdentity<DocChatUser>(options =>
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
            .AddClaimsPrincipalFactory<AdministratorClaims>()
            .AddSignInManager<LockoutSignInManager>();

        // Password-reset links (made by the administrator) expire after DocChat:Admin:ResetLinkHours.
        builder.Services.AddOptions<DataProtectionTokenProviderOptions>()
            .Configure<IOptions<AdminOptions>>((tokens, admin) => tokens.TokenLifespan = TimeSpan.FromHours(admin.Value.ResetLinkHours));

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = AuthCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/Identity/Account/Login";

            // The security stamp is checked on every request, so a password change or a logout
            // ends every other copy of the login at once (one column read by primary key).
            options.Events.OnValidatePrincipal = SecurityStampCheck.ValidatePrincipalAsync;
            options.LogoutPath = "/Identity/Account/Logout";

            // Scripts calling /api get a status code, not an HTML login page.
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized, "Log in first.");
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden, "Access denied.");
        });

        builder.Services.Configure<RazorPagesOptions>(options => options.Conventions.Add(new RemovedIdentityPages()));

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

    /// <summary>
    /// Stock Identity UI pages DocChat does not serve (404): those that need an email server or an
    /// external login provider (DocChat has neither), and those that only tell a visitor whether an
    /// account exists (the registration confirmation, the lockout notice).
    /// </summary>
    private sealed class RemovedIdentityPages : IPageRouteModelConvention
    {
        private static readonly IReadOnlySet<string> Pages = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "/Account/RegisterConfirmation", "/Account/ConfirmEmail", "/Account/ConfirmEmailChange", "/Account/ResendEmailConfirmation",
            "/Account/ForgotPassword", "/Account/ForgotPasswordConfirmation", "/Account/ResetPassword", "/Account/ResetPasswordConfirmation",
            "/Account/ExternalLogin", "/Account/Lockout", "/Account/Manage/Email", "/Account/Manage/ExternalLogins",
        };

        public void Apply(PageRouteModel model)
        {
            if (model.AreaName == "Identity" && Pages.Contains(model.ViewEnginePath))
            {
                model.Selectors.Clear();
            }
        }
    }
}
