using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// A form post to an Identity page that comes back with errors (a wrong password, a value the form
/// never sends) answers 400, as DocChat's own forms do, rather than 200.
/// </summary>
public sealed class RejectedFormStatusFilter : IResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is PageResult page && HttpMethods.IsPost(context.HttpContext.Request.Method) && !context.ModelState.IsValid)
        {
            page.StatusCode ??= StatusCodes.Status400BadRequest;
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
