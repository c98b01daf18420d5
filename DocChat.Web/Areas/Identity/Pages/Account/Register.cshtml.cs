using System.ComponentModel.DataAnnotations;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocChat.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Create an account, under the registration mode the administrator set on /Admin: open, by
/// invite link (<c>?invite=</c>), or closed (the page says so, and a post is refused with 403).
/// </summary>
[AllowAnonymous]
public sealed class RegisterModel(Registration registration, SignInManager<DocChatUser> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The invite token from the link, carried through the form.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Invite { get; set; }

    public string? ReturnUrl { get; set; }

    public RegistrationMode Mode { get; private set; }

    /// <summary>Whether the form is offered: open registration, or a usable invite.</summary>
    public bool CanRegister { get; private set; }

    public sealed class InputModel : ChosenPassword
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }

    public async Task OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = returnUrl;
        await LoadModeAsync(cancellationToken);
        if (Mode == RegistrationMode.Closed)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            await LoadModeAsync(cancellationToken);
            return Page();
        }

        var result = await registration.RegisterAsync(Input.Email, Input.Password, Invite, cancellationToken);
        switch (result.Refusal)
        {
            case RegistrationRefusal.None:
                await signIn.SignInAsync(result.User!, isPersistent: false);
                return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "~/");
            case RegistrationRefusal.Closed:
                await LoadModeAsync(cancellationToken);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            case RegistrationRefusal.InviteNeeded:
                ModelState.AddModelError(string.Empty, "This invite link has been used or has expired. Ask the administrator for a new one.");
                break;
            default:
                foreach (var error in result.Errors!)
                {
                    ModelState.AddModelError(string.Empty, error.Description);
                }

                break;
        }

        await LoadModeAsync(cancellationToken);
        return Page();
    }

    private async Task LoadModeAsync(CancellationToken cancellationToken)
    {
        Mode = await registration.ModeAsync(cancellationToken);
        CanRegister = Mode == RegistrationMode.Open
            || (Mode == RegistrationMode.InviteOnly && await registration.IsInviteUsableAsync(Invite, cancellationToken));
    }
}
