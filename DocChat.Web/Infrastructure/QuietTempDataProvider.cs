using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// MVC's cookie TempData, without the deletion it sends on every page that reads TempData
/// (every page: the layout shows the status message) when there is no cookie to delete. That
/// needless Set-Cookie would also keep every page out of <see cref="ChatPageCache"/>.
/// </summary>
public sealed class QuietTempDataProvider(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!))
        {
            return;
        }

        cookies.SaveTempData(context, values);
    }
}
