using System.Collections;
using System.Globalization;
using System.Text;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The identifiers of a catalog's sources as results name them, held without an object per source: their UTF-8 bytes
/// one after the other with an end offset per source (10 M identifiers of 10 characters: 14 B each, where a string
/// took ~48 B and its reference 8), without the offsets when every identifier has the same length (10 B each then),
/// in one array per part read (a Parquet catalog's row groups, read in parallel: not copied together again); or, for
/// sources identified by their row number, nothing but the first row. A string is made only for a source that a
/// result row names.
/// </summary>
public sealed class CatalogIdentifiers : IReadOnlyList<string>, IIdentifierBytes
{
    private readonly Utf8Identifiers[] _parts;   // none empty
    private readonly int[] _partStarts;          // the first source of each part
    private readonly long _firstRow;             // row numbers: source i is row _firstRow + i
    private readonly bool _rowNumbers;

    private CatalogIdentifiers(Utf8Identifiers[] parts, long firstRow, int count, bool rowNumbers)
    {
        _parts = [.. parts.Where(p => p.Count > 0)];
        _partStarts = new int[_parts.Length];
        for (var p = 1; p < _parts.Length; p++) _partStarts[p] = _partStarts[p - 1] + _parts[p - 1].Count;
        _firstRow = firstRow;
        _rowNumbers = rowNumbers;
        Count = count;
    }

    /// <summary>Identifiers held as UTF-8: <paramref name="ends"/>[i] is where source i's bytes end in <paramref name="utf8"/>.</summary>
    internal static CatalogIdentifiers FromUtf8(byte[] utf8, int[] ends) => FromParts([Utf8Identifiers.OfEnds(utf8, ends)]);

    /// <summary>Identifiers held as UTF-8 in parts, the sources of each following those of the one before.</summary>
    internal static CatalogIdentifiers FromParts(IReadOnlyList<Utf8Identifiers> parts) =>
        new([.. parts], 0, checked(parts.Sum(p => p.Count)), rowNumbers: false);

    /// <summary>Sources identified by their row number: source i is row <paramref name="firstRow"/> + i.</summary>
    public static CatalogIdentifiers RowNumbers(long firstRow, int count) => new([], firstRow, count, rowNumbers: true);

    /// <summary>The identifiers <paramref name="ids"/> (tests, benchmarks, catalogs built in memory).</summary>
    public static CatalogIdentifiers Of(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var builder = new CatalogIdentifiersBuilder(int.MaxValue);
        foreach (var id in ids) builder.Add(id);
        return builder.Build();
    }

    public int Count { get; }

    /// <summary>True when the sources are identified by their row number.</summary>
    public bool AreRowNumbers => _rowNumbers;

    public string this[int source]
    {
        get
        {
            if ((uint)source >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(source));
            return AreRowNumbers ? (_firstRow + source).ToString(CultureInfo.InvariantCulture) : Encoding.UTF8.GetString(Utf8(source));
        }
    }

    /// <summary>The UTF-8 bytes of source <paramref name="source"/>'s identifier (not for row numbers).</summary>
    internal ReadOnlySpan<byte> Utf8(int source)
    {
        var part = PartOf(source);
        return _parts[part].Utf8(source - _partStarts[part]);
    }

    ReadOnlySpan<byte> IIdentifierBytes.Utf8(int source) => Utf8(source);

    // The part that holds source (a binary search over the parts' first sources: a few, one per row group).
    private int PartOf(int source)
    {
        if ((uint)source >= (uint)Count || _rowNumbers) throw new ArgumentOutOfRangeException(nameof(source));
        if (_parts.Length == 1) return 0;
        var at = Array.BinarySearch(_partStarts, source);
        return at >= 0 ? at : ~at - 1;
    }

    /// <summary>
    /// The identifiers of <paramref name="sources"/> (one per result row) as UTF-8, what <c>this[source]</c> encodes to,
    /// without a string each: slices of the bytes held when they are in one array, else copied (or the row numbers
    /// formatted) into one new array.
    /// </summary>
    internal Utf8Column Utf8Of(int[] sources)
    {
        var starts = new int[sources.Length];
        var lengths = new int[sources.Length];
        if (_parts.Length == 1)
        {
            for (var r = 0; r < sources.Length; r++)
            {
                if ((uint)sources[r] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(sources));
                (starts[r], lengths[r]) = _parts[0].Extent(sources[r]);
            }
            return new Utf8Column(_parts[0].Bytes, starts, lengths);
        }
        var bytes = new byte[sources.Sum(s => (long)Length(s))];
        var at = 0;
        for (var r = 0; r < sources.Length; r++)
        {
            if ((uint)sources[r] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(sources));
            int written;
            if (_rowNumbers) (_firstRow + sources[r]).TryFormat(bytes.AsSpan(at), out written, default, CultureInfo.InvariantCulture);
            else
            {
                var id = Utf8(sources[r]);
                id.CopyTo(bytes.AsSpan(at));
                written = id.Length;
            }
            (starts[r], lengths[r]) = (at, written);
            at += written;
        }
        return new Utf8Column(bytes, starts, lengths);
    }

    // The UTF-8 length of source's identifier (for row numbers: at most that of a long, what Utf8Of reserves).
    private int Length(int source) => _rowNumbers || (uint)source >= (uint)Count ? 20 : Utf8(source).Length;

    /// <summary>Bytes held, for reports.</summary>
    public long MemoryBytes => _parts.Sum(p => p.MemoryBytes);

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
