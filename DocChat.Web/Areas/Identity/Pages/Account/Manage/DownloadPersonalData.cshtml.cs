using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocChat.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// "Download" on the Personal data page: replaces the stock page (Identity's fields only) with
/// everything the account holds (<see cref="AccountDataExport"/>).
/// </summary>
public sealed class DownloadPersonalDataModel(
    UserManager<DocChatUser> users,
    AccountDataExport export,
    ILogger<DownloadPersonalDataModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("./PersonalData");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        logger.LogInformation("User {UserId} downloaded their data", user.Id);
        return File(await export.ExportAsync(user, cancellationToken), "application/json", $"docchat-data-{DateTime.UtcNow:yyyyMMdd}.json");
    }
}
