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
    /// Copies the chunk's values, one after the other, into the span that <paramref name="target"/> gives for their
    /// length (called once, at the first value; it must span <paramref name="rows"/> values of that length, or be
    /// empty to refuse) when every page is PLAIN, every row defined and every value as long as the first; false for any
    /// other chunk (<see cref="TryLoad"/> reads those), the span then holding anything. A chunk of no rows calls nothing.
    /// </summary>
    public bool TryLoadUniformBytes(SafeFileHandle file, in ColumnChunkInfo meta, int maxDefinition, int rows, Func<int, Span<byte>> target)
    {
        if (!Handles(meta, Parquet.Meta.Type.BYTE_ARRAY, rows, out _)) return false;
        if (meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset) return false;
        _readAheadFile = null;
        var length = checked((int)meta.TotalCompressedSize);
        GrowBytes(ref _chunk, length);
        if (RandomAccess.Read(file, _chunk.AsSpan(0, length), meta.DataPageOffset) != length) return false;
        var defWidth = maxDefinition == 0 ? 0 : 32 - int.LeadingZeroCount(maxDefinition);
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
            }
            if (!CopyUniform(values, count, width, into.Slice(row * width, count * width))) return false;
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
        if (page.IsCompressed ? !Decompress(codec, compressed, target) : !compressed.TryCopyTo(target) || compressed.Length != size) return false;
        values = target;
        return true;
    }

    // PLAIN byte arrays (a 4-byte length, the bytes) all of `width` bytes, copied together into `into`; false when one is not.
    private static bool CopyUniform(ReadOnlySpan<byte> values, int count, int width, Span<byte> into)
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
            for (; k < moved; k++)
            {
                ref var value = ref Unsafe.Add(ref from, k * stride);
                if (Unsafe.ReadUnaligned<int>(ref value) != width) return false;
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, k * width), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref value, 4)));
            }
        }
        for (; k < count; k++)
        {
            var value = values.Slice(k * stride, stride);
            if (BinaryPrimitives.ReadInt32LittleEndian(value) != width) return false;
            value[4..].CopyTo(into.Slice(k * width, width));
        }
        return true;
    }
}
