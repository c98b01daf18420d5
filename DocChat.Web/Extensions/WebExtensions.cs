using System.Net;
using DocChat.Web.Infrastructure;
using DocChat.Web.Options;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Extensions;

public static class WebExtensions
{
    public static void AddDocChatWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddControllersWithViews(options =>
        {
            // Antiforgery once, for every unsafe method of every controller.
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            // Runs before any other result filter (the API error shape included), so every
            // antiforgery failure is logged and explained the same way.
            options.Filters.Add<AntiforgeryFailureFilter>(int.MinValue);
            options.Filters.Add<RefusedAccessFilter>();
            options.Filters.Add<RejectedFormStatusFilter>();
        });
        builder.Services.AddRazorPages();
        builder.Services.AddScoped<ApiErrorFilter>();
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(ChatPageCache.PolicyName, new ChatPageCache());
            options.SizeLimit = 32 * 1024 * 1024;
            options.MaximumBodySize = 4 * 1024 * 1024;
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(5));

        builder.Services.Configure<ApiBehaviorOptions>(options =>
        {
            // API errors have one shape, {"error": "..."} (ApiErrorFilter), not ProblemDetails.
            options.SuppressMapClientErrors = true;
            options.InvalidModelStateResponseFactory = context => new BadRequestObjectResult(new ApiError(
                // System.Text.Json reports syntax errors under "$" paths; its wording is for developers.
                context.ModelState.Keys.Any(k => k.StartsWith('$'))
                    ? "The request body is not valid JSON."
                    : context.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault(m => m.Length > 0)
                      ?? "The request is not valid."));
        });

        builder.Services.AddExceptionHandler<ExpiredSignInFlowHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddExceptionHandler<TooManyLoginsHandler>();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddDocChatRateLimits();
        // Every cookie is Secure when the request is HTTPS, as seen through a trusted reverse proxy.
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.Configure<CookieTempDataProviderOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddSingleton<CookieTempDataProvider>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ITempDataProvider, QuietTempDataProvider>());
        builder.Services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var known = proxies.Value;
            if (known.KnownProxies.Count + known.KnownNetworks.Count == 0)
            {
                return; // ASP.NET's defaults: loopback only.
            }

            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            known.KnownProxies.ForEach(proxy => forwarded.KnownProxies.Add(IPAddress.Parse(proxy)));
            known.KnownNetworks.ForEach(network => forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network)));
        });

        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
    }

    public static void UseDocChatPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler("/error");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseRouting();
        app.UseMiddleware<UploadLimitsMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseOutputCache();
        app.UseMiddleware<FormReadingMiddleware>();
    }

    public static void MapDocChatEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // For load balancers: 200 "Healthy" or 503 "Unhealthy", no login, nothing private.
        app.MapHealthChecks(DatabaseHealthCheck.Path).AllowAnonymous();
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}").WithStaticAssets();
        app.MapRazorPages().WithStaticAssets();
    }
}
