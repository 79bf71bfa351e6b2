namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The sources of a catalog, loaded and validated for matching: parallel arrays of positions (degrees, RA in
/// [0, 360), Dec in [-90, 90]) and unique, non-empty identifiers, held compactly (<see cref="CatalogIdentifiers"/>).
/// Every array is exactly <see cref="Count"/> long.
/// </summary>
public sealed class SourceCatalog
{
    public SourceCatalog(string fileName, string idColumn, double[] raDeg, double[] decDeg, CatalogIdentifiers ids)
    {
        ArgumentNullException.ThrowIfNull(raDeg);
        ArgumentNullException.ThrowIfNull(decDeg);
        ArgumentNullException.ThrowIfNull(ids);
        if (raDeg.Length != ids.Count || decDeg.Length != ids.Count)
            throw new ArgumentException("RA, Dec and identifier arrays must have the same length");
        FileName = fileName;
        IdColumn = idColumn;
        RaDeg = raDeg;
        DecDeg = decDeg;
        Ids = ids;
    }

    /// <summary>A catalog built in memory (tests, benchmarks).</summary>
    public SourceCatalog(string fileName, string idColumn, double[] raDeg, double[] decDeg, IReadOnlyList<string> ids)
        : this(fileName, idColumn, raDeg, decDeg, CatalogIdentifiers.Of(ids ?? throw new ArgumentNullException(nameof(ids))))
    {
    }

    /// <summary>The catalog's file name (no directory), for messages.</summary>
    public string FileName { get; }

    /// <summary>
    /// The name the identifier goes under in results: the identifier column, or
    /// <see cref="CatalogLoader.RowNumberIdColumn"/> when sources are identified by their row number.
    /// </summary>
    public string IdColumn { get; }

    public int Count => Ids.Count;

    public double[] RaDeg { get; }

    public double[] DecDeg { get; }

    public CatalogIdentifiers Ids { get; }

    /// <summary>Bytes held by the positions and identifiers, for reports.</summary>
    public long MemoryBytes => 16L * Count + Ids.MemoryBytes;
}
