using System.ComponentModel.DataAnnotations;
using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocChat.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Delete account: replaces the stock page, which deletes only the Identity user. This erases
/// everything the account holds (<see cref="AccountErasure"/>), after the password, and then says
/// what was erased.
/// </summary>
public sealed class DeletePersonalDataModel(
    UserManager<DocChatUser> users,
    SignInManager<DocChatUser> signIn,
    AccountErasure erasure) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public AccountContents Contents { get; private set; } = new(0, 0, 0, 0);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your password to delete your account.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Contents = await erasure.CountAsync(users.GetUserId(User)!, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid && !await users.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError("Input.Password", "That is not your password. Nothing was deleted.");
        }

        if (!ModelState.IsValid)
        {
            Contents = await erasure.CountAsync(user.Id, cancellationToken);
            return Page();
        }

        // Log out first, while the account is whole (logging out renews its security stamp).
        await signIn.SignOutAsync();
        var erased = await erasure.EraseAsync(user.Id, CancellationToken.None);
        if (erased is not null)
        {
            TempData[ErasedModel.SessionsKey] = erased.Sessions;
            TempData[ErasedModel.MessagesKey] = erased.Messages;
            TempData[ErasedModel.DocumentsKey] = erased.Documents;
            TempData[ErasedModel.PassagesKey] = erased.Passages;
        }

        return RedirectToPage("/Account/Erased");
    }
}
