using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocChat.Web.Areas.Identity.Pages.Account;

/// <summary>After an account is deleted: what was erased (carried once in TempData; the account is gone).</summary>
[AllowAnonymous]
public sealed class ErasedModel : PageModel
{
    public const string SessionsKey = "Erased.Sessions";
    public const string MessagesKey = "Erased.Messages";
    public const string DocumentsKey = "Erased.Documents";
    public const string PassagesKey = "Erased.Passages";

    public int? Sessions { get; private set; }
    public int? Messages { get; private set; }
    public int? Documents { get; private set; }
    public int? Passages { get; private set; }

    public void OnGet()
    {
        Sessions = TempData[SessionsKey] as int?;
        Messages = TempData[MessagesKey] as int?;
        Documents = TempData[DocumentsKey] as int?;
        Passages = TempData[PassagesKey] as int?;
    }
}
