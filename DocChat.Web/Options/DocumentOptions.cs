using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>Upload limits (section <c>DocChat:Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "DocChat:Documents";

    [Range(1, 1L << 30)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxFilesPerUpload { get; set; } = 20;

    /// <summary>Passages are cut at paragraph and sentence ends, at most this many characters.</summary>
    [Range(200, 10_000)]
    public int MaxPassageCharacters { get; set; } = 1_000;

    /// <summary>The whole multipart request may carry every file at its limit plus form overhead.</summary>
    public long MaxRequestBytes => (MaxFileBytes * MaxFilesPerUpload) + (1024 * 1024);
}
