namespace DocChat.Web.Options;

/// <summary>Where DocChat keeps its runtime data (section <c>DocChat:Data</c>).</summary>
public sealed class DataOptions
{
    public const string SectionName = "DocChat:Data";

    /// <summary>
    /// Folder for the SQLite file, logs and data-protection keys. Empty means <c>Data/</c> at the
    /// repository root (the folder holding DocChat.sln), wherever the app is started from.
    /// A relative path is taken relative to that repository root.
    /// </summary>
    public string? Directory { get; set; }
}
