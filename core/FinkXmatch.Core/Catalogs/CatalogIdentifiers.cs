using System.Collections;
using System.Globalization;
using System.Text;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The identifiers of a catalog's sources as results name them, held without an object per source: their UTF-8 bytes
/// one after the other in one array with an end offset per source (10 M identifiers of 10 characters: 14 B each,
/// where a string took ~48 B and its reference 8), without the offsets when every identifier has the same length
/// (10 B each then), or, for sources identified by their row number, nothing but the first row. A string is made only
/// for a source that a result row names.
/// </summary>
public sealed class CatalogIdentifiers : IReadOnlyList<string>, IIdentifierBytes
{
    private readonly byte[] _utf8;
    private readonly int[] _ends;       // source i's bytes are [i == 0 ? 0 : _ends[i - 1], _ends[i]) (unless _width > 0)
    private readonly int _width;        // > 0: every identifier has this many bytes, source i's are [i * _width, (i + 1) * _width)
    private readonly long _firstRow;    // row numbers: source i is row _firstRow + i
    private readonly bool _rowNumbers;

    private CatalogIdentifiers(byte[] utf8, int[] ends, int width, long firstRow, int count, bool rowNumbers)
    {
        _utf8 = utf8;
        _ends = ends;
        _width = width;
        _firstRow = firstRow;
        _rowNumbers = rowNumbers;
        Count = count;
    }

    /// <summary>
    /// Identifiers held as UTF-8: <paramref name="ends"/>[i] is where source i's bytes end in <paramref name="utf8"/>; the
    /// offsets are dropped when every identifier has the same length.
    /// </summary>
    internal static CatalogIdentifiers FromUtf8(byte[] utf8, int[] ends)
    {
        var width = ends.Length == 0 ? 0 : ends[0];
        for (var i = 1; i < ends.Length && width > 0; i++)
            if (ends[i] - ends[i - 1] != width) width = 0;
        return width > 0 ? OfWidth(utf8, width, ends.Length) : new(utf8, ends, 0, 0, ends.Length, rowNumbers: false);
    }

    /// <summary>Identifiers of <paramref name="width"/> bytes each, one after the other in <paramref name="utf8"/>.</summary>
    internal static CatalogIdentifiers OfWidth(byte[] utf8, int width, int count)
    {
        if (width <= 0 || (long)width * count != utf8.Length) throw new ArgumentException("the bytes are not count identifiers of the width", nameof(utf8));
        return new(utf8, [], width, 0, count, rowNumbers: false);
    }

    /// <summary>Sources identified by their row number: source i is row <paramref name="firstRow"/> + i.</summary>
    public static CatalogIdentifiers RowNumbers(long firstRow, int count) => new([], [], 0, firstRow, count, rowNumbers: true);

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
        var (start, length) = Extent(source);
        return _utf8.AsSpan(start, length);
    }

    ReadOnlySpan<byte> IIdentifierBytes.Utf8(int source) => Utf8(source);

    // Where source's bytes start in _utf8, and how many there are.
    private (int Start, int Length) Extent(int source)
    {
        if (_width > 0) return (checked(source * _width), _width);
        var start = source == 0 ? 0 : _ends[source - 1];
        return (start, _ends[source] - start);
    }

    /// <summary>
    /// The identifiers of <paramref name="sources"/> (one per result row) as UTF-8, what <c>this[source]</c> encodes to,
    /// without a string each: slices of the bytes held, or the row numbers formatted into one new array.
    /// </summary>
    internal Utf8Column Utf8Of(int[] sources)
    {
        var starts = new int[sources.Length];
        var lengths = new int[sources.Length];
        if (!AreRowNumbers)
        {
            for (var r = 0; r < sources.Length; r++)
            {
                if ((uint)sources[r] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(sources));
                (starts[r], lengths[r]) = Extent(sources[r]);
            }
            return new Utf8Column(_utf8, starts, lengths);
        }
        var digits = new byte[20 * sources.Length];
        var at = 0;
        for (var r = 0; r < sources.Length; r++)
        {
            if ((uint)sources[r] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(sources));
            (_firstRow + sources[r]).TryFormat(digits.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
            (starts[r], lengths[r]) = (at, written);
            at += written;
        }
        return new Utf8Column(digits, starts, lengths);
    }

    /// <summary>Bytes held, for reports.</summary>
    public long MemoryBytes => _utf8.LongLength + 4L * _ends.Length;

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
