using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Catalogs;

/// <summary>Guesses which columns of a catalog hold RA, Dec and an identifier, from names and a sample of rows.</summary>
public static class ColumnGuesser
{
    /// <summary>
    /// <paramref name="sampleRows"/> holds the first rows as text, values in column order. RA/Dec are chosen by
    /// name (exact names first, then ICRS/J2000 variants, Dec preferably of the same frame as RA); the identifier by
    /// name when its sample values are unique, else the first text column with unique non-empty sample values.
    /// </summary>
    public static CatalogGuess Guess(IReadOnlyList<CatalogColumn> columns, IReadOnlyList<IReadOnlyList<string>> sampleRows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(sampleRows);

        var ra = BestCoordinate(columns, isRa: true, pairWith: null, out var raQualifier);
        var dec = BestCoordinate(columns, isRa: false, pairWith: ra < 0 ? null : raQualifier, out _);
        var id = BestId(columns, sampleRows, ra, dec);
        return new CatalogGuess(
            ra < 0 ? null : columns[ra].Name,
            dec < 0 ? null : columns[dec].Name,
            id < 0 ? null : columns[id].Name,
            Notation(columns, sampleRows, ra));
    }

    private static int BestCoordinate(IReadOnlyList<CatalogColumn> columns, bool isRa, string? pairWith,
        out string qualifier)
    {
        var best = -1;
        var bestKey = (Rank: int.MaxValue, Unpaired: 1);
        qualifier = "";
        for (var i = 0; i < columns.Count; i++)
        {
            if (!CanHoldCoordinate(columns[i].Type)) continue;
            if (ColumnNames.CoordinateRank(ColumnNames.Normalise(columns[i].Name), isRa, out var q) is not { } rank)
                continue;
            var key = (Rank: rank, Unpaired: pairWith is null || q == pairWith ? 0 : 1);
            if (key.CompareTo(bestKey) >= 0) continue;
            best = i;
            bestKey = key;
            qualifier = q;
        }
        return best;
    }

    private static bool CanHoldCoordinate(CatalogColumnType type)
        => type is CatalogColumnType.String or CatalogColumnType.Float or CatalogColumnType.Double
            or CatalogColumnType.Int32 or CatalogColumnType.Int64;

    private static int BestId(IReadOnlyList<CatalogColumn> columns, IReadOnlyList<IReadOnlyList<string>> sample,
        int ra, int dec)
    {
        var best = -1;
        var bestRank = int.MaxValue;
        for (var i = 0; i < columns.Count; i++)
        {
            if (i == ra || i == dec || !CanHoldCoordinate(columns[i].Type)) continue;
            if (ColumnNames.IdRank(columns[i].Name) is not { } rank || rank >= bestRank) continue;
            if (!SampleIsUnique(sample, i)) continue;
            best = i;
            bestRank = rank;
        }
        if (best >= 0 || sample.Count == 0) return best;

        for (var i = 0; i < columns.Count; i++)
        {
            if (i != ra && i != dec && columns[i].Type == CatalogColumnType.String && SampleIsUnique(sample, i))
                return i;
        }
        return -1;
    }

    private static bool SampleIsUnique(IReadOnlyList<IReadOnlyList<string>> sample, int column)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in sample)
        {
            var value = column < row.Count ? row[column] : null;
            if (string.IsNullOrWhiteSpace(value) || !seen.Add(value)) return false;
        }
        return true;
    }

    private static CoordinateFormat Notation(IReadOnlyList<CatalogColumn> columns,
        IReadOnlyList<IReadOnlyList<string>> sample, int ra)
    {
        if (ra < 0 || columns[ra].IsNumeric) return CoordinateFormat.Degrees;
        foreach (var row in sample)
        {
            var value = ra < row.Count ? row[ra] : null;
            if (!string.IsNullOrWhiteSpace(value)) return CoordinateParser.Detect(value);
        }
        return CoordinateFormat.Degrees;
    }
}
