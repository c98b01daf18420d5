namespace DocChat.Web.Infrastructure;

/// <summary>
/// Marks an upload action. <see cref="UploadLimitsMiddleware"/> raises the request-body and
/// multipart limits of such endpoints to what the configured per-file size and file count allow.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadRequestLimitAttribute : Attribute;
