using DocChat.Web.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Raises the request-body and multipart limits of one upload action to what the configured
/// per-file size and file count allow (Kestrel's default of 30 MB would cut a valid upload short).
/// Runs as a resource filter, before model binding reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadRequestLimitAttribute : Attribute, IFilterFactory
{
    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new LimitFilter(serviceProvider.GetRequiredService<IOptions<DocumentOptions>>().Value.MaxRequestBytes);

    private sealed class LimitFilter(long maxRequestBytes) : IResourceFilter, IRequestSizePolicy, IRequestFormLimitsPolicy
    {
        public void OnResourceExecuting(ResourceExecutingContext context)
        {
            if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = maxRequestBytes;
            }

            context.HttpContext.Features.Set<IFormFeature>(new FormFeature(context.HttpContext.Request, new FormOptions
            {
                MultipartBodyLengthLimit = maxRequestBytes,
            }));
        }

        public void OnResourceExecuted(ResourceExecutedContext context)
        {
        }
    }
}
