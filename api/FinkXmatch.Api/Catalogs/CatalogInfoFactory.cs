using FinkXmatch.Core.Catalogs;
using FinkXmatch.Grains.Catalogs;

namespace FinkXmatch.Api.Catalogs;

/// <summary>Turns the core library's <see cref="CatalogSummary"/> into the API's <see cref="CatalogInfo"/>.</summary>
public static class CatalogInfoFactory
{
    public static CatalogInfo Create(string catalogId, CatalogSummary summary, CatalogFootprint? footprint = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var columns = summary.Columns.Select(c => new CatalogColumnInfo(c.Name, c.TypeName)).ToArray();
        var preview = summary.Preview.Select(row => PreviewRow(summary.Columns, row)).ToArray();
        var guess = new CatalogGuessInfo(summary.Guess.RaColumn, summary.Guess.DecColumn, summary.Guess.IdColumn,
            summary.Guess.Coordinates.ToString().ToLowerInvariant());
        return new CatalogInfo(catalogId, summary.FileName, summary.Format.ToString().ToLowerInvariant(), summary.Rows,
            columns, preview, guess, footprint, summary.Separator?.Name());
    }

    private static Dictionary<string, string> PreviewRow(IReadOnlyList<CatalogColumn> columns, IReadOnlyList<string> values)
    {
        var row = new Dictionary<string, string>(columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count && i < values.Count; i++) row[columns[i].Name] = values[i];
        return row;
    }
}
