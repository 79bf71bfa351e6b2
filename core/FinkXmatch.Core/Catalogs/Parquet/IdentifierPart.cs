using System.Globalization;
using System.Numerics;
using System.Text;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The identifiers of one row group of a Parquet catalog, as <see cref="ParquetCatalogLoader"/> reads them on its
/// thread: their UTF-8 bytes in an array of exactly their size, with an end offset each unless all have the same
/// length; whether they ascend, so that the whole catalog's repeats need no search when every part does.
/// <see cref="Join"/> then puts the parts together into the catalog's <see cref="CatalogIdentifiers"/>.
/// </summary>
internal sealed class IdentifierPart
{
    private readonly byte[] _bytes;
    private readonly int[]? _ends;      // null: every identifier is _width bytes
    private readonly int _width;
    private readonly long _first, _last;   // integers: the first and last value (they ascend by value, not by text)
    private readonly bool _integers;

    private IdentifierPart(byte[] bytes, int[]? ends, int width, int count, bool ascending, bool integers, long first = 0, long last = 0)
    {
        (_bytes, _ends, _width, Count, Ascending, _integers, _first, _last) = (bytes, ends, width, count, ascending, integers, first, last);
    }

    public int Count { get; }

    /// <summary>True when each identifier comes after the one before it (ordinal for text, by value for integers).</summary>
    public bool Ascending { get; }

    /// <summary>
    /// The text values of the loaded chunk, or null when one would be reported (empty or white space, not UTF-8) or
    /// they take more than <see cref="CatalogIdentifiersBuilder.MaxBytes"/>.
    /// </summary>
    public static IdentifierPart? OfText(FlatChunkReader chunks, int rows)
    {
        long bytes = 0;
        var width = rows == 0 ? 0 : chunks.Bytes(0).Length;
        var uniform = true;
        var ascending = true;
        for (var k = 0; k < rows; k++)
        {
            var id = chunks.Bytes(k);
            if (IsBlank(id)) return null;
            bytes += id.Length;
            uniform &= id.Length == width;
            if (ascending && k > 0 && id.SequenceCompareTo(chunks.Bytes(k - 1)) <= 0) ascending = false;
        }
        if (bytes > CatalogIdentifiersBuilder.MaxBytes) return null;
        var utf8 = GC.AllocateUninitializedArray<byte>((int)bytes);
        var ends = uniform ? null : GC.AllocateUninitializedArray<int>(rows);
        var at = 0;
        for (var k = 0; k < rows; k++)
        {
            var id = chunks.Bytes(k);
            id.CopyTo(utf8.AsSpan(at));
            at += id.Length;
            if (ends is not null) ends[k] = at;
        }
        // Text that is all ASCII is UTF-8 in every piece; otherwise each identifier is checked on its own.
        if (!System.Text.Ascii.IsValid(utf8))
            for (var k = 0; k < rows; k++)
                if (!System.Text.Unicode.Utf8.IsValid(chunks.Bytes(k))) return null;
        return new IdentifierPart(utf8, ends, width, rows, ascending, integers: false);
    }

    /// <summary>Integers as their invariant text (as Parquet.Net's values would give them).</summary>
    public static IdentifierPart OfIntegers<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryInteger<T>, IUtf8SpanFormattable
    {
        var text = GC.AllocateUninitializedArray<byte>(checked(values.Length * 20));
        var ends = GC.AllocateUninitializedArray<int>(values.Length);
        var ascending = true;
        var at = 0;
        for (var k = 0; k < values.Length; k++)
        {
            if (!values[k].TryFormat(text.AsSpan(at), out var written, default, CultureInfo.InvariantCulture))
                throw new InvalidOperationException("an integer's text is longer than 20 bytes");
            at += written;
            ends[k] = at;
            if (k > 0 && values[k] <= values[k - 1]) ascending = false;
        }
        var first = values.IsEmpty ? 0 : long.CreateTruncating(values[0]);
        var last = values.IsEmpty ? 0 : long.CreateTruncating(values[^1]);
        return new IdentifierPart(text.AsSpan(0, at).ToArray(), ends, 0, values.Length, ascending, integers: true, first, last);
    }

    /// <summary>True when every part ascends and each part's first identifier comes after the last of the part before.</summary>
    public static bool AllAscending(IReadOnlyList<IdentifierPart> parts)
    {
        IdentifierPart? before = null;
        foreach (var part in parts)
        {
            if (!part.Ascending) return false;
            if (part.Count == 0) continue;
            if (before is not null && !(part._integers ? part._first > before._last : part.Utf8(0).SequenceCompareTo(before.Utf8(before.Count - 1)) > 0))
                return false;
            before = part;
        }
        return true;
    }

    /// <summary>The parts, in order, as one catalog's identifiers; null when they take more than <see cref="CatalogIdentifiersBuilder.MaxBytes"/>.</summary>
    public static CatalogIdentifiers? Join(IReadOnlyList<IdentifierPart> parts, IReadOnlyList<int> firstSource)
    {
        long bytes = 0;
        var count = 0;
        var width = -1;   // the one width of every part (-1: none yet, 0: lengths differ)
        foreach (var part in parts)
        {
            bytes += part._bytes.Length;
            count += part.Count;
            if (part.Count > 0) width = width == -1 || width == part._width ? part._width : 0;
        }
        if (bytes > CatalogIdentifiersBuilder.MaxBytes) return null;
        if (parts.Count(p => p.Count > 0) == 1)
        {
            // One row group holds them all (those before it are empty): its arrays are the catalog's.
            var only = parts.First(p => p.Count > 0);
            return only._ends is null ? CatalogIdentifiers.OfWidth(only._bytes, width, count) : CatalogIdentifiers.FromUtf8(only._bytes, only._ends);
        }
        var utf8 = GC.AllocateUninitializedArray<byte>((int)bytes);
        var ends = width > 0 ? null : GC.AllocateUninitializedArray<int>(count);
        var offsets = new int[parts.Count];
        for (var p = 1; p < parts.Count; p++) offsets[p] = offsets[p - 1] + parts[p - 1]._bytes.Length;
        Parallel.For(0, parts.Count, p =>
        {
            var part = parts[p];
            part._bytes.CopyTo(utf8.AsSpan(offsets[p]));
            if (ends is null) return;
            var into = ends.AsSpan(firstSource[p], part.Count);
            for (var k = 0; k < into.Length; k++) into[k] = offsets[p] + part.End(k);
        });
        return ends is null ? CatalogIdentifiers.OfWidth(utf8, width, count) : CatalogIdentifiers.FromUtf8(utf8, ends);
    }

    private int End(int k) => _ends?[k] ?? (k + 1) * _width;

    private ReadOnlySpan<byte> Utf8(int k)
    {
        var start = k == 0 ? 0 : End(k - 1);
        return _bytes.AsSpan(start, End(k) - start);
    }

    // As string.IsNullOrWhiteSpace of the decoded text: an ASCII byte that is not white space settles it at once.
    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        var nonAscii = false;
        foreach (var b in utf8)
        {
            if (b >= 0x80) nonAscii = true;
            else if (b is not ((>= 0x09 and <= 0x0D) or 0x20)) return false;
        }
        return !nonAscii || string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(utf8));
    }
}
