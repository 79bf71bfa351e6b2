using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A chunk of a required column of fixed-width values in PLAIN data pages, as catalog positions are written: each page
/// decompressed straight into the caller's rows, where <see cref="TryLoad"/> then <see cref="DenseValues{T}"/> would copy
/// every value twice more (into the page buffer, the packed values, then the rows).
/// </summary>
internal sealed partial class FlatChunkReader
{
    /// <summary>
    /// Decompresses the chunk's pages into <paramref name="rows"/> (one value per row) when the column is required
    /// (<paramref name="maxDefinition"/> 0) and every data page is PLAIN; false for any other chunk (<see cref="TryLoad"/>
    /// reads those), <paramref name="rows"/> then holding anything.
    /// </summary>
    public bool TryLoadRequiredInto<T>(SafeFileHandle file, in ColumnChunkInfo meta, Parquet.Meta.Type physical, int maxDefinition, Span<T> rows)
        where T : unmanaged => TryLoadRequiredInto(file, meta, physical, maxDefinition, rows, null);

    /// <summary>
    /// The same, each part of <paramref name="rows"/> handed to <paramref name="check"/> (its first row and rows) as
    /// soon as it is read, while it is in the cache (a catalog's positions checked in range: 8 MB checked after the
    /// read came from memory again). False from it is false from here; true means it accepted every row (a part may be
    /// handed over twice, when a first way of reading the chunk fails partway).
    /// </summary>
    public bool TryLoadRequiredInto<T>(SafeFileHandle file, in ColumnChunkInfo meta, Parquet.Meta.Type physical, int maxDefinition, Span<T> rows,
        RowsRead? check) where T : unmanaged
    {
        if (maxDefinition != 0 || !Handles(meta, physical, rows.Length, out var valueSize) || valueSize != System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
            return false;
        if (meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset) return false;
        var length = checked((int)meta.TotalCompressedSize);
        var target = MemoryMarshal.AsBytes(rows);
        if (meta.Codec == Parquet.Meta.CompressionCodec.SNAPPY && TryReadLiteralsInto(file, meta.DataPageOffset, length, rows.Length, valueSize, target, check) is { } literals)
            return literals;
        GrowBytes(ref _chunk, length);
        if (RandomAccess.Read(file, _chunk.AsSpan(0, length), meta.DataPageOffset) != length) return false;
        var filled = 0;
        for (var pos = 0; pos < length;)
        {
            pos += PageHeader.Read(_chunk.AsSpan(pos, length - pos), out var page);
            var body = _chunk.AsSpan(pos, page.CompressedSize);
            pos += page.CompressedSize;
            if (page.Type is not (ParquetThrift.PageType.DataPage or ParquetThrift.PageType.DataPageV2)) continue;   // index pages
            // A required column's page holds no levels: its values are the whole page (v1), or all after empty levels (v2).
            var size = page.NumValues * valueSize;
            if (page.Encoding != Plain || page.UncompressedSize != size || size > target.Length - filled) return false;
            var into = target.Slice(filled, size);
            if (page.Type == ParquetThrift.PageType.DataPage) { if (!Decompress(meta.Codec, body, into)) return false; }
            else if (page.RepetitionLevelsLength != 0 || page.DefinitionLevelsLength != 0
                     || (page.IsCompressed ? !Decompress(meta.Codec, body, into) : !body.TryCopyTo(into) || body.Length != size)) return false;
            if (check is not null && !check(filled / valueSize, page.NumValues)) return false;
            filled += size;
        }
        return filled == target.Length;
    }

    /// <summary>
    /// The chunk as one Snappy data page of literals only (random doubles: a catalog's positions) read straight into
    /// <paramref name="target"/> (<see cref="TryScatterLiterals"/>): neither the compressed chunk (8 MB for 1 M
    /// positions, fresh memory) nor a copy out of it. False for any other chunk, <paramref name="target"/> then
    /// holding anything.
    /// </summary>
    private unsafe bool? TryReadLiteralsInto(SafeFileHandle file, long offset, int length, int rows, int valueSize, Span<byte> target, RowsRead? check)
    {
        GrowBytes(ref _chunk, HeadBytes);
        if (!TryReadLiteralHead(file, offset, length, rows, out var page, out _, out var literalsAt)
            || page.Encoding != Plain || page.UncompressedSize != (long)rows * valueSize || page.UncompressedSize != target.Length)
            return null;
        fixed (byte* at = target)
        {
            using var memory = new PinnedBytes(at, target.Length);
            if (check is null) return TryScatterLiterals(file, offset, length, literalsAt, memory.Memory) ? true : null;
            return TryScatterLiterals(file, offset, length, literalsAt, memory.Memory,
                (from, bytes) => check(from / valueSize, bytes / valueSize));
        }
    }

    /// <summary>Told rows <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1 are read; false stops the read.</summary>
    internal delegate bool RowsRead(int first, int count);
}
