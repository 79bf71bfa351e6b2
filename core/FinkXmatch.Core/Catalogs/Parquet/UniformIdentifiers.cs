using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// A Parquet catalog's text identifiers written by <see cref="ParquetCatalogLoader"/>'s threads straight into one
/// array, each row group at its rows' place, when they have the length of the first one read (as <c>S000000000</c>...
/// do): 10 M identifiers of 10 bytes are then 100 MB written once, where a part per row group joined into one array
/// wrote 200 MB of fresh memory and copied 100 MB. A row group whose identifiers have other lengths, or are encoded
/// otherwise (<see cref="FlatChunkReader.TryLoadUniformBytes"/>), is read as an <see cref="IdentifierPart"/> instead,
/// and the load ends as before (<see cref="Part"/>, <see cref="IdentifierPart.Join"/>).
/// </summary>
internal sealed class UniformIdentifiers(int[] firstRow, int[] groupRows)
{
    private readonly Lock _lock = new();
    private readonly bool[] _held = new bool[groupRows.Length];
    private readonly bool[] _ascending = new bool[groupRows.Length];
    private byte[]? _bytes;
    private int _width;

    private int _count = -1;   // identifiers in _bytes when they do not fill it (InPlace), else -1

    /// <summary>
    /// The identifiers' array when there is one row group: its page of <paramref name="bytes"/> (values of
    /// <paramref name="width"/> bytes with their lengths) is decompressed into it and compacted there
    /// (<see cref="FlatChunkReader.InPlace"/>); the 4 bytes a value beyond the identifiers stay unused. Empty when there
    /// are more row groups, or it would take more than <see cref="CatalogIdentifiersBuilder.MaxBytes"/>.
    /// </summary>
    public Span<byte> InPlace(int width, int bytes)
    {
        lock (_lock)
        {
            if (groupRows.Length != 1 || _bytes is not null || bytes > CatalogIdentifiersBuilder.MaxBytes || (long)groupRows[0] * width > bytes) return [];
            _bytes = ParquetCatalogLoader.FreshArray<byte>(bytes);
            (_width, _count) = (width, groupRows[0]);
            return _bytes;
        }
    }

    /// <summary>True when every row group's identifiers are held here.</summary>
    public bool All => Array.IndexOf(_held, false) < 0;

    /// <summary>
    /// Where row group <paramref name="group"/>'s identifiers of <paramref name="width"/> bytes go (the array made for
    /// the first group to ask), or empty when they are another length than the first group's, or all of them would take
    /// more than <see cref="CatalogIdentifiersBuilder.MaxBytes"/>.
    /// </summary>
    public Span<byte> Target(int group, int width)
    {
        var rows = groupRows[group];
        lock (_lock)
        {
            if (_bytes is null)
            {
                var total = (long)firstRow[^1] + groupRows[^1];
                if (total * width > CatalogIdentifiersBuilder.MaxBytes) return [];
                _bytes = ParquetCatalogLoader.FreshArray<byte>((int)(total * width));
                _width = width;
            }
            return width == _width ? _bytes.AsSpan(firstRow[group] * width, rows * width) : [];
        }
    }

    /// <summary>
    /// Row group <paramref name="group"/>'s identifiers are written at their place: false when one of them would be
    /// reported (blank, not UTF-8), otherwise they are held here, and whether they ascend is noted. What the copy saw
    /// (<paramref name="seen"/>) settles it when every byte was ASCII and every first byte printable (so none is blank):
    /// otherwise the bytes are checked again here.
    /// </summary>
    public bool Written(int group, UniformValuesSeen seen = default)
    {
        if (groupRows[group] > 0)
        {
            if (seen is { Known: true, AllAscii: true, PrintableFirst: true }) _ascending[group] = seen.Ascending;
            else if (!IdentifierPart.CheckUniform(_bytes.AsSpan(firstRow[group] * _width, groupRows[group] * _width), _width, out var ascending)) return false;
            else _ascending[group] = ascending;
        }
        else _ascending[group] = true;
        _held[group] = true;
        return true;
    }

    /// <summary>The catalog's identifiers, once <see cref="All"/> are held.</summary>
    public CatalogIdentifiers Identifiers() => CatalogIdentifiers.FromUtf8(Held());

    private Utf8Identifiers Held() => _count >= 0 ? Utf8Identifiers.OfWidth(_bytes!, _width, _count) : Utf8Identifiers.OfWidth(_bytes!, _width);

    /// <summary>True when each identifier, held here, comes after the one before it, so that none repeats.</summary>
    public bool Ascending()
    {
        if (Array.IndexOf(_ascending, false) >= 0) return false;
        var ids = Held();
        for (var g = 1; g < firstRow.Length; g++)
            if (groupRows[g] > 0 && firstRow[g] > 0 && ids.Utf8(firstRow[g]).SequenceCompareTo(ids.Utf8(firstRow[g] - 1)) <= 0) return false;
        return true;
    }

    /// <summary>Row group <paramref name="group"/>'s identifiers held here, as a part of their own (when some other group's are not held here).</summary>
    public IdentifierPart Part(int group) => IdentifierPart.OfWidth(
        groupRows[group] == 0 ? [] : _bytes.AsSpan(firstRow[group] * _width, groupRows[group] * _width).ToArray(), _width, _ascending[group]);
}
