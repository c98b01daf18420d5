using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DocChat.Web.Controllers;

[AllowAnonymous]
public sealed class HomeController : Controller
{
    [HttpGet]
    public IActionResult Index() => User.Identity?.IsAuthenticated == true ? RedirectToAction("Index", "Chat") : View();

    /// <summary>Re-executed by the exception handler; the details are in the log, not on the page.</summary>
    [Route("/error")]
    [IgnoreAntiforgeryToken] // re-executed with the failed request's method, often a POST

    public IActionResult Error()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View();
    }

    /// <summary>Re-executed for 4xx responses that have no body of their own (e.g. 404).</summary>
    [Route("/status/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status(int code)
    {
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            return NotFound();
        }

        Response.StatusCode = code;
        return View(code);
    }
}
