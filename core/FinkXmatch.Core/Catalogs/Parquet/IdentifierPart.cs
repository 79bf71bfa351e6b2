using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The identifiers of one row group of a Parquet catalog, as <see cref="ParquetCatalogLoader"/> reads them on its
/// thread (<see cref="Utf8Identifiers"/>), and whether they ascend, so that the whole catalog's repeats need no search
/// when every part does. <see cref="Join"/> then makes the parts the catalog's <see cref="CatalogIdentifiers"/>, as they are.
/// </summary>
internal sealed class IdentifierPart
{
    private readonly Utf8Identifiers _ids;

    private IdentifierPart(Utf8Identifiers ids, bool ascending) => (_ids, Ascending) = (ids, ascending);

    public int Count => _ids.Count;

    /// <summary>True when each identifier comes after the one before it (ordinal).</summary>
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
        var utf8 = ParquetCatalogLoader.FreshArray<byte>((int)bytes);
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
        return ends is null ? OfWidth(utf8, width, ascending) : OfEnds(utf8, ends, ascending);
    }

    /// <summary>Identifiers of <paramref name="width"/> bytes each, already checked (<see cref="CheckUniform"/>).</summary>
    public static IdentifierPart OfWidth(byte[] utf8, int width, bool ascending) =>
        new(utf8.Length == 0 ? Utf8Identifiers.OfEnds([], []) : Utf8Identifiers.OfWidth(utf8, width), ascending);

    /// <summary>Identifiers of several lengths, identifier k ending at <paramref name="ends"/>[k], already checked.</summary>
    public static IdentifierPart OfEnds(byte[] utf8, int[] ends, bool ascending) => new(Utf8Identifiers.OfEnds(utf8, ends), ascending);

    /// <summary>
    /// True when none of the identifiers of <paramref name="width"/> bytes each in <paramref name="utf8"/> would be
    /// reported (empty or white space, not UTF-8), as <see cref="OfText"/> checks them; <paramref name="ascending"/>
    /// when each comes after the one before it.
    /// </summary>
    public static bool CheckUniform(ReadOnlySpan<byte> utf8, int width, out bool ascending)
    {
        var count = utf8.Length / width;
        // One that starts with a printable ASCII byte is not blank: only the others are looked at closely.
        for (var k = 0; k < count; k++)
            if ((uint)(utf8[k * width] - 0x21) > 0x7E - 0x21 && IsBlank(utf8.Slice(k * width, width)))
            {
                ascending = false;
                return false;
            }
        ascending = AllAscend(utf8, width, count);
        if (System.Text.Ascii.IsValid(utf8)) return true;
        for (var k = 0; k < count; k++)
            if (!System.Text.Unicode.Utf8.IsValid(utf8.Slice(k * width, width))) return false;
        return true;
    }

    // Each identifier of `width` bytes after the one before it; up to 16 bytes compared as two big-endian integers
    // (where SequenceCompareTo is a call and a loop), where 16 bytes can be read.
    private static bool AllAscend(ReadOnlySpan<byte> utf8, int width, int count)
    {
        var k = 1;
        if (width <= 16 && utf8.Length >= 16)
        {
            // The bytes past the identifier shifted out: of the first word when it is 8 bytes or shorter (the second
            // then counts for nothing), else of the second.
            var (highShift, lowShift) = width <= 8 ? (64 - 8 * width, 64) : (0, 128 - 8 * width);
            var (high, low) = Key(utf8, highShift, lowShift);
            for (; k < count && k * width + 16 <= utf8.Length; k++)
            {
                var (nextHigh, nextLow) = Key(utf8[(k * width)..], highShift, lowShift);
                if (nextHigh < high || (nextHigh == high && nextLow <= low)) return false;
                (high, low) = (nextHigh, nextLow);
            }
        }
        for (; k < count; k++)
            if (utf8.Slice(k * width, width).SequenceCompareTo(utf8.Slice((k - 1) * width, width)) <= 0) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong High, ulong Low) Key(ReadOnlySpan<byte> bytes, int highShift, int lowShift) =>
        (BinaryPrimitives.ReadUInt64BigEndian(bytes) >> highShift, lowShift == 64 ? 0 : BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) >> lowShift);

    /// <summary>True when every part ascends and each part's first identifier comes after the last of the part before.</summary>
    public static bool AllAscending(IReadOnlyList<IdentifierPart> parts)
    {
        IdentifierPart? before = null;
        foreach (var part in parts)
        {
            if (!part.Ascending) return false;
            if (part.Count == 0) continue;
            if (before is not null && part._ids.Utf8(0).SequenceCompareTo(before._ids.Utf8(before.Count - 1)) <= 0)
                return false;
            before = part;
        }
        return true;
    }

    /// <summary>
    /// The parts, in order, as one catalog's identifiers, in one array (copied on every core; the array of the one part
    /// that holds them all as it is); null when they take more than <see cref="CatalogIdentifiersBuilder.MaxBytes"/>.
    /// </summary>
    public static CatalogIdentifiers? Join(IReadOnlyList<IdentifierPart> parts)
    {
        // Loops rather than LINQ: its generic methods are compiled at run time in every process (not in the ReadyToRun image).
        var kept = new List<Utf8Identifiers>(parts.Count);
        foreach (var part in parts)
            if (part.Count > 0) kept.Add(part._ids);
        var held = kept.ToArray();
        long bytes = 0;
        var count = 0;
        var width = held.Length > 0 ? held[0].Width : 0;
        foreach (var ids in held)
        {
            bytes += ids.Used;
            count += ids.Count;
            if (ids.Width != width) width = 0;
        }
        if (bytes > CatalogIdentifiersBuilder.MaxBytes) return null;
        if (held.Length <= 1) return CatalogIdentifiers.FromUtf8(held.Length == 1 ? held[0] : Utf8Identifiers.OfEnds([], []));
        var utf8 = ParquetCatalogLoader.FreshArray<byte>((int)bytes);
        var ends = width > 0 ? null : ParquetCatalogLoader.FreshArray<int>(count);
        var offsets = new int[held.Length];
        var firsts = new int[held.Length];
        for (var p = 1; p < held.Length; p++) (offsets[p], firsts[p]) = (offsets[p - 1] + held[p - 1].Used, firsts[p - 1] + held[p - 1].Count);
        var workers = Math.Min(Environment.ProcessorCount, held.Length);
        ForkJoin.Run(workers, w =>
        {
            for (var p = w; p < held.Length; p += workers) Copy(p);
        });
        return CatalogIdentifiers.FromUtf8(ends is null ? Utf8Identifiers.OfWidth(utf8, width) : Utf8Identifiers.OfEnds(utf8, ends));

        void Copy(int p)
        {
            held[p].Bytes.AsSpan(0, held[p].Used).CopyTo(utf8.AsSpan(offsets[p]));
            if (ends is null) return;
            var into = ends.AsSpan(firsts[p], held[p].Count);
            for (var k = 0; k < into.Length; k++)
            {
                var (start, length) = held[p].Extent(k);
                into[k] = offsets[p] + start + length;
            }
        }
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
