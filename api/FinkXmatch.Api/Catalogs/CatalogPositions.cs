using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Grains.Catalogs;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// Reads a stored catalog's positions (RA/Dec only: the identifier is not needed to draw or count sources) and
/// measures how many fall in ZTF's footprint.
/// </summary>
public static class CatalogPositions
{
    /// <summary>Loads the positions with the given columns from the file at <paramref name="path"/> (its extension gives the format), naming it <paramref name="fileName"/> in messages.</summary>
    /// <exception cref="CatalogException">A missing column or a row whose coordinates do not parse.</exception>
    public static SourceCatalog Load(string path, string fileName, string raColumn, string decColumn,
        CoordinateFormat coordinates, CatalogLimits limits)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var format = CatalogReaders.FormatOf(path);
        using var reader = format is { } known ? CatalogReaders.Open(stream, fileName, known) : CatalogReaders.Open(stream, path);
        return CatalogLoader.Load(reader, new CatalogSelection(raColumn, decColumn, IdColumn: null, coordinates), limits);
    }

    /// <summary>
    /// Checks the guessed RA/Dec columns of every row: how many rows are invalid (and the first), and the fraction of
    /// the valid ones inside the ZTF DR7 footprint. Both null when no RA/Dec columns were guessed; the fraction null
    /// when no row is valid.
    /// </summary>
    public static (CatalogFootprint? Footprint, CatalogInvalidCoordinates? Invalid) Survey(string path, string fileName, CatalogGuess guess, CatalogLimits limits)
    {
        ArgumentNullException.ThrowIfNull(guess);
        if (guess.RaColumn is null || guess.DecColumn is null) return (null, null);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = CatalogReaders.Open(stream, fileName, CatalogReaders.FormatOf(path) ?? CatalogFormat.Parquet);
        var survey = CoordinateSurvey.Run(reader, guess.RaColumn, guess.DecColumn, guess.Coordinates, limits);
        var footprint = survey.RaDeg.Length == 0 ? null : new CatalogFootprint(SkyCoverage.Ztf.InsideFraction(survey.RaDeg, survey.DecDeg));
        var bad = survey.Invalid;
        return (footprint, new CatalogInvalidCoordinates(bad.Rows, bad.FirstRow, bad.Column, bad.Value, bad.Reason));
    }
}
