using DocChat.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace DocChat.Web.Extensions;

public static class WebExtensions
{
    public static void AddDocChatWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddControllersWithViews(options =>
        {
            // Antiforgery once, for every unsafe method of every controller.
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            options.Filters.Add<AntiforgeryFailureFilter>();
        });
        builder.Services.AddRazorPages();
        builder.Services.AddScoped<ApiErrorFilter>();

        builder.Services.Configure<ApiBehaviorOptions>(options =>
            options.InvalidModelStateResponseFactory = context => new BadRequestObjectResult(new ApiError(
                context.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault(m => m.Length > 0)
                ?? "The request body is not valid JSON.")));

        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
    }

    public static void UseDocChatPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler("/error");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    public static void MapDocChatEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}").WithStaticAssets();
        app.MapRazorPages().WithStaticAssets();
    }
}
