using System.Collections;
using System.Globalization;
using System.Text;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The identifiers of a catalog's sources as results name them, held without an object per source: their UTF-8 bytes
/// one after the other in one array with an end offset per source (10 M identifiers of 10 characters: 14 B each,
/// where a string took ~48 B and its reference 8), without the offsets when every identifier has the same length
/// (10 B each then: <see cref="Utf8Identifiers"/>), or, for sources identified by their row number, nothing but the
/// first row. A string is made only for a source that a result row names, and a result row's identifier is a slice of
/// the one array. A Parquet catalog's integer identifiers are held as their values (8 B each, where their text took
/// 19 B and an offset for Gaia's source_id), and their text made as a result row needs it.
/// </summary>
public sealed class CatalogIdentifiers : IReadOnlyList<string>, IIdentifierBytes
{
    private readonly Utf8Identifiers? _utf8;   // null: row numbers or integers
    private readonly long[]? _integers;        // integers: source i is _integers[i]
    private readonly long _firstRow;           // row numbers: source i is row _firstRow + i

    private CatalogIdentifiers(Utf8Identifiers? utf8, long firstRow, int count, long[]? integers = null)
    {
        _utf8 = utf8;
        _integers = integers;
        _firstRow = firstRow;
        Count = count;
    }

    /// <summary>Identifiers held as UTF-8: <paramref name="ends"/>[i] is where source i's bytes end in <paramref name="utf8"/>.</summary>
    internal static CatalogIdentifiers FromUtf8(byte[] utf8, int[] ends) => FromUtf8(Utf8Identifiers.OfEnds(utf8, ends));

    /// <summary>Identifiers held as UTF-8.</summary>
    internal static CatalogIdentifiers FromUtf8(Utf8Identifiers utf8) => new(utf8, 0, utf8.Count);

    /// <summary>Integer identifiers, held as their values: source i's identifier is <paramref name="values"/>[i]'s invariant text.</summary>
    internal static CatalogIdentifiers OfIntegers(long[] values) => new(null, 0, values.Length, values);

    /// <summary>Sources identified by their row number: source i is row <paramref name="firstRow"/> + i.</summary>
    public static CatalogIdentifiers RowNumbers(long firstRow, int count) => new(null, firstRow, count);

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
    public bool AreRowNumbers => _utf8 is null && _integers is null;

    /// <summary>The integer identifiers' values (null unless they are held so).</summary>
    internal long[]? Integers => _integers;

    public string this[int source]
    {
        get
        {
            if ((uint)source >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(source));
            return _utf8 is null ? Integer(source).ToString(CultureInfo.InvariantCulture) : Encoding.UTF8.GetString(Utf8(source));
        }
    }

    /// <summary>The UTF-8 bytes of source <paramref name="source"/>'s identifier (not for row numbers and integers).</summary>
    internal ReadOnlySpan<byte> Utf8(int source) => _utf8 is { } utf8 ? utf8.Utf8(source)
        : throw new InvalidOperationException(_integers is null ? "the sources are identified by their row number" : "the identifiers are held as integers");

    // A row number's or an integer identifier's value.
    private long Integer(int source) => _integers is { } values ? values[source] : _firstRow + source;

    ReadOnlySpan<byte> IIdentifierBytes.Utf8(int source) => Utf8(source);

    /// <summary>
    /// The identifiers of <paramref name="sources"/> (one per result row) as UTF-8, what <c>this[source]</c> encodes to,
    /// without a string each: slices of the bytes held, or the row numbers or integers formatted into one new array.
    /// </summary>
    /// <remarks>Identifiers of one length keep <paramref name="sources"/> as the column's slots (not copied: not to be changed after).</remarks>
    internal Utf8Column Utf8Of(int[] sources) => Utf8Of(sources, sources.Length);

    /// <summary>The same for the first <paramref name="count"/> of <paramref name="sources"/> (a lent array may be longer).</summary>
    internal Utf8Column Utf8Of(int[] sources, int count)
    {
        // One length: each row's identifier is found from its source alone (no start and length per row made).
        if (_utf8 is { Width: > 0 } same) return Utf8Column.OfSlots(same.Bytes, sources, count, same.Width);
        var starts = new int[count];
        var lengths = new int[count];
        if (_utf8 is { } utf8)
        {
            for (var r = 0; r < count; r++) (starts[r], lengths[r]) = utf8.Extent(sources[r]);
            return new Utf8Column(utf8.Bytes, starts, lengths);
        }
        var digits = new byte[20 * count];
        var at = 0;
        for (var r = 0; r < count; r++)
        {
            if ((uint)sources[r] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(sources));
            Integer(sources[r]).TryFormat(digits.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
            (starts[r], lengths[r]) = (at, written);
            at += written;
        }
        return new Utf8Column(digits, starts, lengths);
    }

    /// <summary>Bytes held, for reports.</summary>
    public long MemoryBytes => _utf8?.MemoryBytes ?? 8L * (_integers?.Length ?? 0);

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
