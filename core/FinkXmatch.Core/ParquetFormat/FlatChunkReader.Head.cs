using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The first rows of a chunk from the head of its first data page alone (a catalog's preview): the chunk's first
/// kilobytes read and the page's start decompressed (<see cref="SnappyPrefix"/>), where <see cref="TrySelect"/> reads
/// the whole chunk and decompresses the whole page (a 10 M-source catalog's first row group: 21 MB read, a 14 MB
/// identifier page decoded, for ten rows).
/// </summary>
internal sealed partial class FlatChunkReader
{
    /// <summary>The chunk's first bytes read at first; eight times more while the rows need more, up to <see cref="MostHeadBytes"/>.</summary>
    private const int FirstHeadBytes = 16 << 10;

    private const int MostHeadBytes = 1 << 20;

    /// <summary>
    /// Reads rows 0..<paramref name="count"/> - 1 of a chunk of a flat column, as <see cref="TrySelect"/> of those rows
    /// gives them (<see cref="ChosenDefinitions"/>, <see cref="ChosenValue{T}"/>, <see cref="ChosenBytes"/>), from the
    /// start of its first page. False when that is not enough: a dictionary page, another encoding than PLAIN, a first
    /// page of fewer rows, a page whose start cannot be read (the caller then calls <see cref="TrySelect"/>). Only the
    /// bytes read are checked: a page damaged further on is found by whatever reads it whole.
    /// </summary>
    public bool TrySelectHead(SafeFileHandle file, in ColumnChunkInfo meta, Parquet.Meta.Type physical, int maxDefinition, int rows, int count)
    {
        _readAheadFile = null;
        if (count <= 0 || count > rows || !Handles(meta, physical, rows, out var valueSize)) return false;
        if (meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset) return false;
        var defWidth = maxDefinition == 0 ? 0 : 32 - int.LeadingZeroCount(maxDefinition);
        for (var head = (int)Math.Min(meta.TotalCompressedSize, FirstHeadBytes); ; head = (int)Math.Min(meta.TotalCompressedSize, 8L * head))
        {
            if (TryHead(file, meta, head, valueSize, defWidth, maxDefinition, count) is { } done) return done;
            if (head >= meta.TotalCompressedSize || head >= MostHeadBytes) return false;
        }
    }

    // The rows from the chunk's first `head` bytes: true or false as TrySelectHead answers, null when more bytes would tell.
    private bool? TryHead(SafeFileHandle file, in ColumnChunkInfo meta, int head, int valueSize, int defWidth, int maxDefinition, int count)
    {
        GrowBytes(ref _chunk, head);
        if (RandomAccess.Read(file, _chunk.AsSpan(0, head), meta.DataPageOffset) != head) return false;
        var whole = head >= meta.TotalCompressedSize;
        if (!PageHeader.TryRead(_chunk.AsSpan(0, head), out var page, out var at)) return whole ? false : null;
        if (page.Type is not (ParquetThrift.PageType.DataPage or ParquetThrift.PageType.DataPageV2) || page.Encoding != Plain
            || page.NumValues < count || page.CompressedSize < 0 || page.UncompressedSize < 0 || at + (long)page.CompressedSize > meta.TotalCompressedSize)
            return false;
        var body = _chunk.AsSpan(at, (int)Math.Min(page.CompressedSize, head - at));
        var bodyWhole = body.Length == page.CompressedSize;

        // The page's start uncompressed into _data: v1 its levels and values, v2 its values (its levels are stored as they are).
        ReadOnlySpan<byte> levels = default;
        var levelsKnown = defWidth == 0;
        var uncompressed = page.UncompressedSize;
        var values = body;
        var compressed = meta.Codec == Parquet.Meta.CompressionCodec.SNAPPY;
        if (page.Type == ParquetThrift.PageType.DataPageV2)
        {
            if (page.RepetitionLevelsLength != 0 || page.DefinitionLevelsLength < 0 || page.DefinitionLevelsLength > page.CompressedSize) return false;
            if (page.DefinitionLevelsLength > body.Length) return bodyWhole ? false : null;
            levels = body[..page.DefinitionLevelsLength];
            levelsKnown = true;
            values = body[page.DefinitionLevelsLength..];
            uncompressed -= page.DefinitionLevelsLength;
            compressed &= page.IsCompressed;
        }
        if (uncompressed < 0) return false;
        var room = Math.Min(uncompressed, 8 * head);
        GrowBytes(ref _data, room);
        var produced = compressed ? SnappyPrefix.Decode(values, _data.AsSpan(0, room)) : Math.Min(values.Length, room);
        if (produced < 0) return false;
        if (!compressed) values[..produced].CopyTo(_data);
        var complete = produced == uncompressed;   // the page's whole (v1) or its whole values (v2)
        var data = _data.AsSpan(0, produced);
        var valuesStart = 0;
        if (!levelsKnown)
        {
            // v1: a 4-byte length, then the levels.
            if (data.Length < 4) return complete ? false : null;
            var length = BinaryPrimitives.ReadInt32LittleEndian(data);
            if (length < 0 || length > uncompressed - 4) return false;
            if (4 + length > data.Length) return complete ? false : null;
            levels = data.Slice(4, length);
            valuesStart = 4 + length;
        }

        // The rows' levels, and where each defined one's value is among the page's values.
        (Rows, Defined, _chosenCount, _chosenValueSize, _chosenOneLength) = (0, 0, count, valueSize, -1);
        Grow(ref _chosenDefs, count);
        var defs = _chosenDefs.AsSpan(0, count);
        if (defWidth > 0) RleHybridDecoder.Decode(levels, defWidth, defs);
        else defs.Clear();
        var present = 0;
        foreach (var level in defs)
        {
            if (level > maxDefinition) return false;
            if (level == maxDefinition) present++;
        }
        var pageValues = data[valuesStart..];
        if (valueSize > 0)
        {
            if ((long)present * valueSize > pageValues.Length) return complete ? false : null;
            Grow(ref _chosenValues, count * valueSize);
            var chosen = _chosenValues.AsSpan(0, count * valueSize);
            chosen.Clear();
            for (int r = 0, dense = 0; r < count; r++)
                if (defs[r] == maxDefinition) pageValues.Slice(dense++ * valueSize, valueSize).CopyTo(chosen[(r * valueSize)..]);
            return true;
        }
        Grow(ref _offsets, count);
        Grow(ref _lengths, count);
        var pos = 0;
        for (var r = 0; r < count; r++)
        {
            (_offsets[r], _lengths[r]) = (0, 0);
            if (defs[r] != maxDefinition) continue;
            if (pos + 4 > pageValues.Length) return complete ? false : null;
            var length = BinaryPrimitives.ReadInt32LittleEndian(pageValues[pos..]);
            if (length < 0) return false;
            if (length > pageValues.Length - pos - 4) return complete ? false : null;
            (_offsets[r], _lengths[r]) = (valuesStart + pos + 4, length);
            pos += 4 + length;
        }
        return true;
    }
}
