using DocChat.Web.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Infrastructure;

/// <summary>
/// Sets the body and multipart limits of upload endpoints from <see cref="DocumentOptions"/>
/// (Kestrel's 30 MB default would cut a valid upload short). It has to run before MVC: the
/// antiforgery check reads the form before any resource filter such as [RequestFormLimits] runs.
/// </summary>
public sealed class UploadLimitsMiddleware(RequestDelegate next, IOptions<DocumentOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<UploadRequestLimitAttribute>() is not null)
        {
            var maxRequestBytes = options.Value.MaxRequestBytes;
            if (context.Request.ContentLength > maxRequestBytes)
            {
                // Refused before reading a byte; the status-code page explains it to the user.
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = maxRequestBytes;
            }

            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
            {
                MultipartBodyLengthLimit = maxRequestBytes,
            }));
        }

        return next(context);
    }
}
