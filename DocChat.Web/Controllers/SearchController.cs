using DocChat.Web.Infrastructure;
using DocChat.Web.Models.Chat;
using DocChat.Web.Services.Chat;
using Microsoft.AspNetCore.Mvc;

namespace DocChat.Web.Controllers;

/// <summary>Search across the user's own message history.</summary>
public sealed class SearchController(MessageSearch search) : Controller
{
    [HttpGet("/Search")]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        var query = q?.Trim() ?? "";
        if (query.Length > 500)
        {
            query = query[..500];
        }

        var hits = query.Length == 0 ? [] : await search.SearchAsync(User.GetUserId(), query, cancellationToken);
        return View(new SearchViewModel(query, hits));
    }
}
