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
    /// <summary>Loads the positions with the given columns.</summary>
    /// <exception cref="CatalogException">A missing column or a row whose coordinates do not parse.</exception>
    public static SourceCatalog Load(string path, string fileName, string raColumn, string decColumn,
        CoordinateFormat format, long maxRows)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = CatalogReaders.Open(stream, fileName);
        return CatalogLoader.Load(reader, new CatalogSelection(raColumn, decColumn, IdColumn: null, format),
            new CatalogLimits(MaxRows: maxRows));
    }

    /// <summary>
    /// The fraction of sources inside the ZTF DR7 footprint with the guessed columns, or null when no RA/Dec columns
    /// were guessed or a row does not parse with them (the job or the sky map then reports the row at fault).
    /// </summary>
    public static CatalogFootprint? Footprint(string path, string fileName, CatalogGuess guess, long maxRows)
    {
        ArgumentNullException.ThrowIfNull(guess);
        if (guess.RaColumn is null || guess.DecColumn is null) return null;
        try
        {
            var catalog = Load(path, fileName, guess.RaColumn, guess.DecColumn, guess.Coordinates, maxRows);
            return new CatalogFootprint(SkyCoverage.Ztf.InsideFraction(catalog.RaDeg, catalog.DecDeg));
        }
        catch (CatalogException)
        {
            return null;
        }
    }
}
