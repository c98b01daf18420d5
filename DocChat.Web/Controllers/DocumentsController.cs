using DocChat.Web.Infrastructure;
using DocChat.Web.Models.Documents;
using DocChat.Web.Options;
using DocChat.Web.Services.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Controllers;

public sealed class DocumentsController(DocumentService documents, DocumentReaders readers, IOptions<DocumentOptions> options) : Controller
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

        TempData[ChatController.StatusKey] = UploadMessage(result);
        return RedirectToAction(nameof(Index));
    }

    /// <summary>A cited passage, highlighted in its document.</summary>
    [HttpGet("/Documents/{id:guid}/Passages/{chunkId:long}")]
    public async Task<IActionResult> Passage(Guid id, long chunkId, CancellationToken cancellationToken)
    {
        var passage = await documents.GetPassageAsync(User.GetUserId(), id, chunkId, cancellationToken);
        return passage is null ? NotFound() : View(passage);
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

    private static string UploadMessage(UploadResult result)
    {
        var parts = new List<string>();
        if (result.Queued.Count > 0)
        {
            parts.Add((result.Queued.Count == 1 ? $"Uploaded {result.Queued[0]}" : $"Uploaded {result.Queued.Count} documents")
                + ": reading now, the status below shows when you can ask about "
                + (result.Queued.Count == 1 ? "it" : "them"));
        }

        if (result.AlreadyUploaded.Count > 0)
        {
            parts.Add($"Already in your documents, not indexed again: {string.Join(", ", result.AlreadyUploaded)}");
        }

        return string.Join(". ", parts);
    }

    private async Task<DocumentsPageViewModel> PageAsync(IReadOnlyList<string> errors, CancellationToken cancellationToken) => new()
    {
        Documents = await documents.ListAsync(User.GetUserId(), cancellationToken),
        MaxFileBytes = options.Value.MaxFileBytes,
        MaxFilesPerUpload = options.Value.MaxFilesPerUpload,
        Extensions = readers.Extensions,
        Errors = errors,
    };
}
