using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Options;

/// <summary>Undo for Clear (section <c>DocChat:Clear</c>).</summary>
public sealed class ClearOptions
{
    public const string SectionName = "DocChat:Clear";

    /// <summary>How long a clear can be undone; 0 erases at once. Then the purge erases for good.</summary>
    [Range(0, 3_600)]
    public int UndoSeconds { get; set; } = 10;

    /// <summary>How often the background purge looks for clears whose undo window has ended.</summary>
    [Range(0.05, 600)]
    public double PurgeIntervalSeconds { get; set; } = 2;

    public TimeSpan UndoWindow => TimeSpan.FromSeconds(UndoSeconds);
}
