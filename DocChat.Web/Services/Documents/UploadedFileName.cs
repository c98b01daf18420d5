using DocChat.Web.Data.Entities;

namespace DocChat.Web.Services.Documents;

/// <summary>The display name of an upload: the last path segment, without control characters.</summary>
public static class UploadedFileName
{
    public static string Clean(string? fileName)
    {
        var lastSegment = (fileName ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var cleaned = new string(lastSegment.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (cleaned.Length > Document.FileNameMaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = cleaned[..(Document.FileNameMaxLength - extension.Length)] + extension;
        }

        return cleaned is "" or "." or ".." ? "document" : cleaned;
    }
}
