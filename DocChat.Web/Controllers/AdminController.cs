using DocChat.Web.Data.Entities;
using DocChat.Web.Infrastructure;
using DocChat.Web.Services.Admin;
using Microsoft.AspNetCore.Mvc;

namespace DocChat.Web.Controllers;

/// <summary>The installation's administration: accounts without their content, registration, invites, locks, reset links, erasure.</summary>
[AdministratorsOnly]
[Route("Admin")]
public sealed class AdminController(AdminService admin) : Controller
{
    /// <summary>A link shown once, right after it was made (invite or password reset).</summary>
    public const string LinkKey = "AdminLink";

    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default) =>
        View(await admin.OverviewAsync(page, cancellationToken));

    [HttpPost("RegistrationMode")]
    public async Task<IActionResult> RegistrationMode(string? registrationMode, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<RegistrationMode>(registrationMode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(registrationMode, out _))
        {
            ModelState.AddModelError(nameof(registrationMode), "Choose Open, InviteOnly or Closed.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await admin.OverviewAsync(1, cancellationToken));
        }

        await admin.SetRegistrationModeAsync(User.GetUserId(), mode, cancellationToken);
        TempData[ChatController.StatusKey] = mode switch
        {
            Data.Entities.RegistrationMode.Open => "Registration is open: anyone who reaches this server can create an account.",
            Data.Entities.RegistrationMode.InviteOnly => "Registration is invite-only: create an invite link for each new user.",
            _ => "Registration is closed: no new accounts.",
        };
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("Invites")]
    public async Task<IActionResult> CreateInvite(CancellationToken cancellationToken)
    {
        var (token, expires) = await admin.CreateInviteAsync(User.GetUserId(), cancellationToken);
        TempData[LinkKey] = Url.Page("/Account/Register", pageHandler: null, values: new { area = "Identity", invite = token }, protocol: Request.Scheme);
        TempData[ChatController.StatusKey] = $"Invite link created. It makes one account and expires on {expires:yyyy-MM-dd HH:mm} UTC. Copy it now: it is not shown again.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("Users/{id}/Lock")]
    public async Task<IActionResult> Lock(string id) =>
        Outcome(await admin.LockAsync(User.GetUserId(), id), "Account locked: it is logged out and cannot log in until you unlock it.");

    [HttpPost("Users/{id}/Unlock")]
    public async Task<IActionResult> Unlock(string id) =>
        Outcome(await admin.UnlockAsync(User.GetUserId(), id), "Account unlocked.");

    [HttpPost("Users/{id}/ResetLink")]
    public async Task<IActionResult> ResetLink(string id)
    {
        var token = await admin.CreateResetTokenAsync(User.GetUserId(), id);
        if (token is null)
        {
            return NotFound();
        }

        TempData[LinkKey] = Url.Page("/Account/NewPassword", pageHandler: null, values: new { area = "Identity", user = id, code = token }, protocol: Request.Scheme);
        TempData[ChatController.StatusKey] = "Password-reset link created. Give it to the user: it works once and expires. Copy it now: it is not shown again.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("Users/{id}/Erase")]
    public async Task<IActionResult> ConfirmErase(string id, CancellationToken cancellationToken)
    {
        var user = await admin.UserAsync(id, cancellationToken);
        return user is null ? NotFound() : View(user);
    }

    [HttpPost("Users/{id}/Erase")]
    public async Task<IActionResult> Erase(string id, CancellationToken cancellationToken)
    {
        var (outcome, erased) = await admin.EraseAsync(User.GetUserId(), id, CancellationToken.None);
        return Outcome(outcome, erased is null ? "" :
            $"Account erased with everything in it: {erased.Sessions:N0} chats, {erased.Messages:N0} messages, {erased.Documents:N0} documents, {erased.Passages:N0} passages.");
    }

    private IActionResult Outcome(AdminOutcome outcome, string status)
    {
        switch (outcome)
        {
            case AdminOutcome.NotFound:
                return NotFound();
            case AdminOutcome.OwnAccount:
                return BadRequest();
            default:
                TempData[ChatController.StatusKey] = status;
                return RedirectToAction(nameof(Index));
        }
    }
}
