using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A chunk of byte arrays of one length in PLAIN data pages, every row defined, as a catalog's identifiers are often
/// written (<c>S000000000</c>...): each value copied straight into the caller's array, where <see cref="TryLoad"/>
/// records an offset and a length per value (8 B per row of fresh memory) for the caller to copy them from.
/// </summary>
internal sealed partial class FlatChunkReader
{
    /// <summary>
    /// Told the bytes of each buffer and target this path is about to write (null: nothing): a catalog's load, whose
    /// buffers and arrays are fresh memory, maps their pages at once.
    /// </summary>
    public BytesToWrite? Writing { get; init; }

    /// <summary>Bytes about to be written.</summary>
    internal delegate void BytesToWrite(Span<byte> bytes);

    /// <summary>
    /// Copies the chunk's values, one after the other, into the span that <paramref name="target"/> gives for their
    /// length (called once, at the first value; it must span <paramref name="rows"/> values of that length, or be
    /// empty to refuse) when every page is PLAIN, every row defined and every value as long as the first; false for any
    /// other chunk (<see cref="TryLoad"/> reads those), the span then holding anything. A chunk of no rows calls nothing.
    /// </summary>
    public bool TryLoadUniformBytes(SafeFileHandle file, in ColumnChunkInfo meta, int maxDefinition, int rows, Func<int, Span<byte>> target) =>
        TryLoadUniformBytes(file, meta, maxDefinition, rows, target, out _);

    /// <summary>
    /// The same, telling what the copy saw of the values (<see cref="UniformValuesSeen"/>), so that the caller's
    /// checks need not read them again.
    /// </summary>
    public bool TryLoadUniformBytes(SafeFileHandle file, in ColumnChunkInfo meta, int maxDefinition, int rows, Func<int, Span<byte>> target,
        out UniformValuesSeen seen)
    {
        seen = UniformValuesSeen.None;
        if (!Handles(meta, Parquet.Meta.Type.BYTE_ARRAY, rows, out _)) return false;
        if (meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset) return false;
        _readAheadFile = null;
        var length = checked((int)meta.TotalCompressedSize);
        GrowBytes(ref _chunk, length);
        Writing?.Invoke(_chunk.AsSpan(0, length));
        if (RandomAccess.Read(file, _chunk.AsSpan(0, length), meta.DataPageOffset) != length) return false;
        var defWidth = maxDefinition == 0 ? 0 : 32 - int.LeadingZeroCount(maxDefinition);
        if (InPlace is not null && TryLoadInPlace(length, meta.Codec, defWidth, maxDefinition, rows, out seen) is { } done) return done;
        var into = Span<byte>.Empty;
        var width = 0;
        var row = 0;
        for (var pos = 0; pos < length && row < rows;)
        {
            pos += PageHeader.Read(_chunk.AsSpan(pos, length - pos), out var page);
            var body = _chunk.AsSpan(pos, page.CompressedSize);
            pos += page.CompressedSize;
            if (page.Type == ParquetThrift.PageType.DictionaryPage) return false;
            if (page.Type is not (ParquetThrift.PageType.DataPage or ParquetThrift.PageType.DataPageV2)) continue;   // index pages
            var count = page.NumValues;
            if (page.Encoding != Plain || row + count > rows || !OpenAllDefined(meta.Codec, page, body, defWidth, maxDefinition, out var values)) return false;
            if (count == 0) continue;
            if (width == 0)
            {
                if (values.Length < 4 || (width = BinaryPrimitives.ReadInt32LittleEndian(values)) <= 0 || (long)width * rows > int.MaxValue) return false;
                into = target(width);
                if (into.Length != width * rows) return false;
                Writing?.Invoke(into);
                seen = UniformValuesSeen.Start(width);
            }
            if (!CopyUniform(values, count, width, into.Slice(row * width, count * width), ref seen)) return false;
            row += count;
        }
        return row == rows;
    }

    // A data page's values, decompressed into _data from 0, when every row has one (false otherwise, or when it cannot be read).
    private bool OpenAllDefined(Parquet.Meta.CompressionCodec codec, in PageHeader page, ReadOnlySpan<byte> body, int defWidth, int maxDefinition,
        out ReadOnlySpan<byte> values)
    {
        values = default;
        if (page.Type == ParquetThrift.PageType.DataPage)
        {
            GrowBytes(ref _data, page.UncompressedSize);
            var pageBytes = _data.AsSpan(0, page.UncompressedSize);
            Writing?.Invoke(pageBytes);
            if (!Decompress(codec, body, pageBytes)) return false;
            var start = 0;
            if (defWidth > 0)
            {
                if (pageBytes.Length < 4) return false;
                var levels = BinaryPrimitives.ReadInt32LittleEndian(pageBytes);
                if (levels < 0 || levels > pageBytes.Length - 4 || !EveryRowDefined(pageBytes.Slice(4, levels), defWidth, page.NumValues, maxDefinition)) return false;
                start = 4 + levels;
            }
            values = pageBytes[start..];
            return true;
        }
        if (page.RepetitionLevelsLength != 0 || page.DefinitionLevelsLength < 0 || page.DefinitionLevelsLength > body.Length) return false;
        if (defWidth > 0 && !EveryRowDefined(body[..page.DefinitionLevelsLength], defWidth, page.NumValues, maxDefinition)) return false;
        var size = page.UncompressedSize - page.DefinitionLevelsLength;
        if (size < 0) return false;
        GrowBytes(ref _data, size);
        var compressed = body[page.DefinitionLevelsLength..];
        var target = _data.AsSpan(0, size);
        Writing?.Invoke(target);
        if (page.IsCompressed ? !Decompress(codec, compressed, target) : !compressed.TryCopyTo(target) || compressed.Length != size) return false;
        values = target;
        return true;
    }

    // PLAIN byte arrays (a 4-byte length, the bytes) all of `width` bytes, copied together into `into`; false when one
    // is not. What the caller checks of each value is seen on the way (`seen`), from the 16 bytes moved.
    private static bool CopyUniform(ReadOnlySpan<byte> values, int count, int width, Span<byte> into, ref UniformValuesSeen seen)
    {
        var stride = 4 + width;
        if (values.Length != (long)count * stride) return false;
        ref var from = ref MemoryMarshal.GetReference(values);
        ref var to = ref MemoryMarshal.GetReference(into);
        // Values of up to 16 bytes moved 16 bytes at a time (the excess is overwritten by the next value) while both
        // the page and the target have 16 bytes left; the last few exactly.
        var k = 0;
        if (width <= 16)
        {
            var moved = values.Length < 20 || into.Length < 16 ? 0 : Math.Min(count, Math.Min((values.Length - 20) / stride + 1, (into.Length - 16) / width + 1));
            // The bytes past the value masked out of its big-endian key (two words, as if padded with zeros to 16
            // bytes) and out of the ASCII test.
            var highMask = width >= 8 ? ulong.MaxValue : ~(ulong.MaxValue >> (8 * width));
            var lowMask = width <= 8 ? 0UL : width == 16 ? ulong.MaxValue : ~(ulong.MaxValue >> (8 * (width - 8)));
            var inWidth = Vector128.LessThan(Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector128.Create((byte)width));
            var bytesOr = Vector128<byte>.Zero;
            var (high, low, ascending, printable, any) = (seen.LastHigh, seen.LastLow, seen.Ascending, seen.PrintableFirst, seen.Any);
            for (; k < moved; k++)
            {
                ref var value = ref Unsafe.Add(ref from, k * stride);
                if (Unsafe.ReadUnaligned<int>(ref value) != width) return false;
                ref var bytes = ref Unsafe.Add(ref value, 4);
                var block = Unsafe.ReadUnaligned<Vector128<byte>>(ref bytes);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, k * width), block);
                bytesOr |= block & inWidth;
                printable &= (uint)(bytes - 0x21) <= 0x7E - 0x21;
                var nextHigh = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref bytes)) & highMask;
                var nextLow = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, 8))) & lowMask;
                ascending &= !any | nextHigh > high | (nextHigh == high & nextLow > low);
                (high, low, any) = (nextHigh, nextLow, true);
            }
            seen = seen with { LastHigh = high, LastLow = low, Ascending = ascending, PrintableFirst = printable, Any = any,
                AllAscii = seen.AllAscii && bytesOr.ExtractMostSignificantBits() == 0 };
        }
        else seen = seen with { Known = false };
        for (; k < count; k++)
        {
            var value = values.Slice(k * stride, stride);
            if (BinaryPrimitives.ReadInt32LittleEndian(value) != width) return false;
            value[4..].CopyTo(into.Slice(k * width, width));
            if (seen.Known) seen = seen.After(value[4..]);
        }
        return true;
    }
}

/// <summary>
/// What <see cref="FlatChunkReader.TryLoadUniformBytes(SafeFileHandle, in ColumnChunkInfo, int, int, Func{int, Span{byte}}, out UniformValuesSeen)"/>
/// saw of the values (of up to 16 bytes; <see cref="Known"/> false for longer ones) as it copied them: a catalog's
/// identifiers are then checked without being read a second and third time (blank, UTF-8, ascending: 10 MB each for
/// 1 M identifiers).
/// </summary>
internal record struct UniformValuesSeen
{
    /// <summary>False when the values were not looked at (longer than 16 bytes, or the chunk not read this way).</summary>
    public bool Known { get; init; }

    /// <summary>Each value after the one before it, bytewise.</summary>
    public bool Ascending { get; init; }

    /// <summary>Every byte of every value below 0x80.</summary>
    public bool AllAscii { get; init; }

    /// <summary>Every value's first byte printable ASCII and not a space (0x21..0x7E), so that no value is blank.</summary>
    public bool PrintableFirst { get; init; }

    internal bool Any { get; init; }
    internal int Width { get; init; }
    // The last value's big-endian key: its bytes padded with zeros to 16, as two words.
    internal ulong LastHigh { get; init; }
    internal ulong LastLow { get; init; }

    internal static UniformValuesSeen None => default;

    internal static UniformValuesSeen Start(int width) =>
        new() { Known = width <= 16, Ascending = true, AllAscii = true, PrintableFirst = true, Width = width };

    // With one more value (the last few of a page, one at a time): the same tests.
    internal readonly UniformValuesSeen After(ReadOnlySpan<byte> value)
    {
        Span<byte> padded = stackalloc byte[16];
        padded.Clear();
        value.CopyTo(padded);
        var high = BinaryPrimitives.ReadUInt64BigEndian(padded);
        var low = BinaryPrimitives.ReadUInt64BigEndian(padded[8..]);
        return this with
        {
            Ascending = Ascending && (!Any || high > LastHigh || (high == LastHigh && low > LastLow)),
            LastHigh = high, LastLow = low, Any = true,
            AllAscii = AllAscii && System.Text.Ascii.IsValid(value),
            PrintableFirst = PrintableFirst && (uint)(value[0] - 0x21) <= 0x7E - 0x21,
        };
    }
}
