using DocChat.Web.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocChat.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sets a new password from a reset link the administrator made (there is no email server). The
/// link works once (the new password changes the security stamp the token is bound to) and
/// expires after <c>DocChat:Admin:ResetLinkHours</c>.
/// </summary>
[AllowAnonymous]
public sealed class NewPasswordModel(UserManager<DocChatUser> users, ILogger<NewPasswordModel> logger) : PageModel
{
    public const string UnusableMessage = "This password-reset link has been used or has expired. Ask the administrator for a new one.";

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public ChosenPassword Input { get; set; } = new();

    public bool Usable { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Usable = await UserIfUsableAsync() is not null;
        if (!Usable)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await UserIfUsableAsync();
        Usable = user is not null;
        if (user is null || !ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, Code!, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Code == "InvalidToken" ? UnusableMessage : error.Description);
            }

            Usable = false;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Failed logins before are forgiven; a lock the administrator set stays.
        await users.ResetAccessFailedCountAsync(user);
        if (user.LockoutEnd is { } end && end != DateTimeOffset.MaxValue)
        {
            await users.SetLockoutEndDateAsync(user, null);
        }

        logger.LogWarning("Security: password of account {UserId} set with a reset link", user.Id);
        TempData["Status"] = "Your new password is set. Log in with it.";
        return RedirectToPage("./Login");
    }

    private async Task<DocChatUser?> UserIfUsableAsync()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Code) || await users.FindByIdAsync(UserId) is not { } user)
        {
            return null;
        }

        var valid = await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<DocChatUser>.ResetPasswordTokenPurpose, Code);
        return valid ? user : null;
    }
}
