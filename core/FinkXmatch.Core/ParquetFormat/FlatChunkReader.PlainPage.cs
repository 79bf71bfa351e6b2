using System.Buffers.Binary;
using FinkXmatch.Core.Binary;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A chunk that is one PLAIN data page of fixed-width values, every row defined, as alert positions are written:
/// decompressed straight into the caller's buffer, where its values are used as they lie. <see cref="TryLoad"/> then
/// <see cref="CopyToRows"/> copy them twice more (into the packed values, then into the rows): at 16 bytes of position
/// per alert, those copies cost as much as the decompression. A page of literals only is not even decompressed: its
/// values are read into place (<see cref="TryReadLiteralPage"/>).
/// </summary>
internal sealed partial class FlatChunkReader
{
    /// <summary>
    /// Decompresses the chunk into <paramref name="target"/> (grown when short) when it is one PLAIN data page with a
    /// value in each of its <paramref name="rows"/> rows: the values are then <paramref name="target"/> from
    /// <paramref name="valueStart"/> on (not aligned to their size when the levels before them are not). False, and
    /// <paramref name="valueStart"/> -1, for any other chunk (<see cref="TryLoad"/> reads those).
    /// </summary>
    public bool TryLoadPlainPage(SafeFileHandle file, in ColumnChunkInfo meta, Parquet.Meta.Type physical, int maxDefinition, int rows,
        ref byte[] target, out int valueStart)
    {
        valueStart = -1;
        if (!Handles(meta, physical, rows, out var valueSize) || valueSize == 0) return false;
        if (meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset) return false;
        _readAheadFile = null;
        var length = checked((int)meta.TotalCompressedSize);
        Grow(ref _chunk, length);
        // Literals only (positions): read into the target as they decompress; any other page read whole, then decompressed.
        var page = default(PageHeader);
        var headerLength = 0;
        var decompressed = meta.Codec == Parquet.Meta.CompressionCodec.SNAPPY
            && TryReadLiteralPage(file, meta.DataPageOffset, length, rows, ref target, out page, out headerLength);
        if (!decompressed)
        {
            if (RandomAccess.Read(file, _chunk.AsSpan(0, length), meta.DataPageOffset) != length) return false;
            headerLength = PageHeader.Read(_chunk.AsSpan(0, length), out page);
        }
        if (page.Type is not (ParquetThrift.PageType.DataPage or ParquetThrift.PageType.DataPageV2) || page.Encoding != Plain
            || page.NumValues != rows || headerLength + page.CompressedSize != length) return false;
        var body = _chunk.AsSpan(headerLength, page.CompressedSize);
        var defWidth = maxDefinition == 0 ? 0 : 32 - int.LeadingZeroCount(maxDefinition);
        int start, size;
        if (page.Type == ParquetThrift.PageType.DataPage)
        {
            size = page.UncompressedSize;
            GrowTarget(ref target, size);
            if (!decompressed && !Decompress(meta.Codec, body, target.AsSpan(0, size))) return false;
            start = 0;
            if (defWidth > 0)
            {
                var levels = BinaryPrimitives.ReadInt32LittleEndian(target);
                if (!EveryRowDefined(target.AsSpan(4, levels), defWidth, rows, maxDefinition)) return false;
                start = 4 + levels;
            }
        }
        else
        {
            if (page.RepetitionLevelsLength != 0) return false;
            if (defWidth > 0 && !EveryRowDefined(body[..page.DefinitionLevelsLength], defWidth, rows, maxDefinition)) return false;
            size = page.UncompressedSize - page.DefinitionLevelsLength;
            GrowTarget(ref target, size);
            var compressed = body[page.DefinitionLevelsLength..];
            if (page.IsCompressed ? !Decompress(meta.Codec, compressed, target.AsSpan(0, size)) : !compressed.TryCopyTo(target.AsSpan(0, size))) return false;
            start = 0;
        }
        if (start + (long)rows * valueSize > size) return false;
        valueStart = start;
        return true;
    }

    // True when the levels give every row the top level: read from the run header when they are one RLE run (how
    // writers store a column without nulls), else decoded.
    private bool EveryRowDefined(ReadOnlySpan<byte> levels, int defWidth, int rows, int maxDefinition)
    {
        if (OneRun(levels, defWidth, rows) is >= 0 and var value) return value == maxDefinition;
        Grow(ref _defs, rows);
        var defs = _defs.AsSpan(0, rows);
        RleHybridDecoder.Decode(levels, defWidth, defs);
        return defs.IndexOfAnyExcept(maxDefinition) < 0;
    }
}
