using DocChat.Web.Infrastructure;
using DocChat.Web.Models.Documents;
using DocChat.Web.Options;
using DocChat.Web.Services.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Controllers;

public sealed class DocumentsController(DocumentService documents, IOptions<DocumentOptions> options) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await PageAsync([], cancellationToken));

    [HttpPost]
    [UploadRequestLimit]
    public async Task<IActionResult> Upload(List<IFormFile> files, CancellationToken cancellationToken)
    {
        var result = await documents.UploadAsync(User.GetUserId(), files, cancellationToken);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await PageAsync(result.Errors, cancellationToken));
        }

        TempData[ChatController.StatusKey] = result.Stored.Count == 1
            ? $"Uploaded {result.Stored[0]}"
            : $"Uploaded {result.Stored.Count} documents";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        if (!await documents.DeleteAsync(User.GetUserId(), id, cancellationToken))
        {
            return NotFound();
        }

        TempData[ChatController.StatusKey] = "Document deleted";
        return RedirectToAction(nameof(Index));
    }

    private async Task<DocumentsPageViewModel> PageAsync(IReadOnlyList<string> errors, CancellationToken cancellationToken) => new()
    {
        Documents = await documents.ListAsync(User.GetUserId(), cancellationToken),
        MaxFileBytes = options.Value.MaxFileBytes,
        MaxFilesPerUpload = options.Value.MaxFilesPerUpload,
        Errors = errors,
    };
}
