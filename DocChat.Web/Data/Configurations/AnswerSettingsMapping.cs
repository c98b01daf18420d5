using DocChat.Web.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DocChat.Web.Data.Configurations;

/// <summary>The columns of <see cref="AnswerSettings"/>, shared by sessions and user preferences.</summary>
internal static class AnswerSettingsMapping
{
    public static void Map(ComplexPropertyBuilder<AnswerSettings> settings)
    {
        settings.Property(s => s.Mode).HasConversion<string>().HasMaxLength(16);
        settings.Property(s => s.Model).HasMaxLength(200);
    }
}
