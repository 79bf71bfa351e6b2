using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A chunk that is one Snappy PLAIN page of byte arrays of one length (a 1 M-source catalog's identifiers, one row
/// group: 14 MB decompressed, 10 MB of values) decompressed straight into the caller's array and compacted there, the
/// 4-byte lengths squeezed out: no 14 MB page buffer of fresh memory to map and write, then read again.
/// </summary>
internal sealed partial class FlatChunkReader
{
    /// <summary>
    /// Given the values' width and the page's decompressed size, the array to decompress it into (its first width x rows
    /// bytes then hold the values, the rest anything), or empty to refuse; null: never asked
    /// (<see cref="TryLoadUniformBytes(SafeFileHandle, in ColumnChunkInfo, int, int, Func{int, Span{byte}}, out UniformValuesSeen)"/>
    /// decompresses into its own buffer and copies the values out).
    /// </summary>
    public Func<int, int, Span<byte>>? InPlace { get; init; }

    // The chunk read into _chunk (`length` bytes), when it is that one page: true or false as TryLoadUniformBytes
    // answers; null when the chunk is not such a page or InPlace refuses (nothing written then).
    private bool? TryLoadInPlace(int length, Parquet.Meta.CompressionCodec codec, int defWidth, int maxDefinition, int rows, out UniformValuesSeen seen)
    {
        seen = UniformValuesSeen.None;
        // The first values are moved one at a time, then 16 bytes at a time: see below.
        const int OneAtATime = 4;
        if (rows <= OneAtATime || codec != Parquet.Meta.CompressionCodec.SNAPPY) return null;
        var headerBytes = PageHeader.Read(_chunk.AsSpan(0, length), out var page);
        // The definition levels (all rows defined: a few bytes) are not known before decompressing: the width is what
        // the rest of the page leaves per value, checked once they are read.
        if (page.Type != ParquetThrift.PageType.DataPage || page.Encoding != Plain || page.NumValues != rows || headerBytes + page.CompressedSize != length
            || (page.UncompressedSize - (defWidth > 0 ? 4 : 0)) / rows - 4 is not (> 0 and <= 16 and var width))
            return null;
        var whole = InPlace!(width, page.UncompressedSize);
        if (whole.Length != page.UncompressedSize) return null;
        Writing?.Invoke(whole);
        if (!Decompress(codec, _chunk.AsSpan(headerBytes, page.CompressedSize), whole)) return false;
        var start = 0;
        if (defWidth > 0)
        {
            var levels = BinaryPrimitives.ReadInt32LittleEndian(whole);
            if (levels < 0 || levels > whole.Length - 4 || !EveryRowDefined(whole.Slice(4, levels), defWidth, rows, maxDefinition)) return false;
            start = 4 + levels;
        }
        var stride = width + 4;
        if (whole.Length - start != (long)rows * stride) return false;
        seen = UniformValuesSeen.Start(width);
        // Value k moves from start + k x stride + 4 down to k x width. CopyUniform moves 16 bytes at a time: value k's
        // move ends at k x width + 16, which stays below value k + 1's length at (k + 1) x stride once width + 4k >= 12,
        // so the first values go one at a time (exactly their bytes; Span.CopyTo allows the overlap).
        for (var k = 0; k < OneAtATime; k++)
        {
            if (BinaryPrimitives.ReadInt32LittleEndian(whole[(start + k * stride)..]) != width) return false;
            whole.Slice(start + k * stride + 4, width).CopyTo(whole.Slice(k * width, width));
            seen = seen.After(whole.Slice(k * width, width));
        }
        return CopyUniform(whole[(start + OneAtATime * stride)..], rows - OneAtATime, width,
            whole.Slice(OneAtATime * width, (rows - OneAtATime) * width), ref seen);
    }
}
