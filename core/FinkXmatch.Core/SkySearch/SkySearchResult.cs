using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.SkySearch;

/// <summary>
/// The alerts a search found: one row per alert, its <see cref="Fields"/> values as read from the datalake (see
/// <see cref="FieldValues"/> for their types), then, for a cone, its separation in arcseconds. Rows are sorted by
/// separation (a cone) or in the datalake's order (a region: night, file, row group, row).
/// </summary>
public sealed record SkySearchResult(
    Survey Survey,
    AlertSchema Schema,
    IReadOnlyList<AlertField> Fields,
    IReadOnlyList<string> Names,
    bool HasSeparation,
    IReadOnlyList<object?[]> Rows,
    int Nights,
    long Candidates)
{
    /// <summary>The separation column's name (a cone's answers only).</summary>
    public const string SeparationColumn = Xmatch.ResultLayout.SeparationColumn;

    /// <summary>Every column name, in row order.</summary>
    public IEnumerable<string> ColumnNames => HasSeparation ? Names.Append(SeparationColumn) : Names;
}
