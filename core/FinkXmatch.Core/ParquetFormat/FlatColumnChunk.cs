using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FinkXmatch.Core.Binary;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>The statistics of a column chunk: its nulls and, for numbers, its smallest and largest value as PLAIN bytes.</summary>
internal readonly record struct ChunkStatistics(long NullCount, byte[]? Min, byte[]? Max);

/// <summary>
/// Encodes one column chunk of a flat column as Snappy-compressed data pages (v1) of <see cref="PageRows"/> rows:
/// definition levels (for an optional column, bit-packed) then the PLAIN values of the rows that have one. Reused from
/// chunk to chunk: its buffers grow to the largest chunk and stay. Keeps the chunk's statistics for the footer, so that
/// readers can skip row groups by value (numbers: min and max; every column: its null count).
/// </summary>
internal sealed class FlatColumnChunk(PageCompressor compressor = PageCompressor.Fast)
{
    private readonly ArrayBufferWriter<byte> _body = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _page = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _header = new(64);
    private int _oneLengthStride;   // > 0: the byte arrays being encoded all take this many bytes (OneLengthByteArrays)

    /// <summary>Rows per data page: pages stay far below the 2 GiB a page header can state, even for large binary values.</summary>
    internal const int PageRows = 16_384;

    /// <summary>The encoded chunk (its pages, each a header and a compressed body), valid until the next chunk is encoded.</summary>
    public ReadOnlyMemory<byte> Bytes => _page.WrittenMemory;

    /// <summary>Size of the chunk with its pages uncompressed (the footer's <c>total_uncompressed_size</c>).</summary>
    public long UncompressedSize { get; private set; }

    /// <summary>Rows of the chunk (one value or null each).</summary>
    public int Rows { get; private set; }

    /// <summary>Statistics of the chunk last encoded.</summary>
    public ChunkStatistics Statistics { get; private set; }

    /// <summary>Byte arrays (BYTE_ARRAY: strings as UTF-8, binaries), gathered beforehand; nulls only in an optional column.</summary>
    public void ByteArrays(PlainByteArrays values, bool optional) =>
        Encode(values.Count, optional, 0, values.Nulls == 0 ? null : values.IsDefined, (first, count) => _body.Write(values.Plain(first, count)));

    /// <summary>
    /// Byte arrays of one length, none null (<paramref name="stride"/> bytes each with their 4-byte length), that
    /// <paramref name="values"/> writes PLAIN-encoded straight into each page's body (rows first, count, the page's
    /// count x stride bytes): the same pages as <see cref="ByteArrays"/> gives, without a buffer between the rows and the
    /// page, and the compressor told the one length rather than checking every value's.
    /// </summary>
    public void OneLengthByteArrays(int rows, bool optional, int stride, PlainValuesWriter values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 4);
        _oneLengthStride = stride;
        try
        {
            Encode(rows, optional, 0, null, (first, count) =>
            {
                var bytes = count * stride;
                values(first, count, _body.GetSpan(bytes)[..bytes]);
                _body.Advance(bytes);
            });
        }
        finally
        {
            _oneLengthStride = 0;
        }
    }

    /// <summary>Writes rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) PLAIN-encoded into <paramref name="destination"/>.</summary>
    public delegate void PlainValuesWriter(int first, int count, Span<byte> destination);

    /// <summary>Fixed-width numbers of a required column, little-endian as in memory.</summary>
    public void Numbers<T>(T[] values) where T : unmanaged, INumber<T> => Numbers(values, values.Length);

    /// <summary>The first <paramref name="count"/> of <paramref name="values"/> (a pooled array can be longer) as a required column.</summary>
    public void Numbers<T>(T[] values, int count) where T : unmanaged, INumber<T> => Numbers(values, count, optional: false);

    /// <summary>
    /// The first <paramref name="count"/> of <paramref name="values"/> as a required column or an
    /// <paramref name="optional"/> one whose rows all hold a value (the same pages as <c>Numbers(T?[], int)</c> writes).
    /// </summary>
    public void Numbers<T>(T[] values, int count, bool optional) where T : unmanaged, INumber<T>
    {
        Encode(count, optional, Unsafe.SizeOf<T>(), null, (first, n) => _body.Write(MemoryMarshal.AsBytes(values.AsSpan(first, n))));
        var range = new ValueRange<T>();
        range.AddAll(values.AsSpan(0, count));
        Statistics = range.Statistics(0);
    }

    /// <summary>
    /// <paramref name="rows"/> numbers of a required column or an <paramref name="optional"/> one whose rows all hold a
    /// value, that <paramref name="values"/> writes straight into each page's body (rows first, count, the page's
    /// values): the same pages and statistics as <c>Numbers(T[], int, bool)</c> gives, without an array between the rows
    /// and the page.
    /// </summary>
    public void Numbers<T>(int rows, bool optional, NumbersWriter<T> values) where T : unmanaged, INumber<T>
    {
        var range = new ValueRange<T>();
        Encode(rows, optional, Unsafe.SizeOf<T>(), null, (first, count) =>
        {
            var bytes = count * Unsafe.SizeOf<T>();
            var page = MemoryMarshal.Cast<byte, T>(_body.GetSpan(bytes)[..bytes]);
            values(first, count, page);
            range.AddAll(page);   // page by page: the same bounds as over the whole chunk
            _body.Advance(bytes);
        });
        Statistics = range.Statistics(0);
    }

    /// <summary>Writes rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) into <paramref name="destination"/> (count values).</summary>
    public delegate void NumbersWriter<T>(int first, int count, Span<T> destination);

    /// <summary>Fixed-width numbers of an optional column.</summary>
    public void Numbers<T>(T?[] values) where T : unmanaged, INumber<T> => Numbers(values, values.Length);

    /// <summary>The first <paramref name="count"/> of <paramref name="values"/> (a pooled array can be longer) as an optional column.</summary>
    public void Numbers<T>(T?[] values, int count) where T : unmanaged, INumber<T>
    {
        Encode(count, optional: true, Unsafe.SizeOf<T>(), EveryOne(values.AsSpan(0, count)) ? null : i => values[i].HasValue, (first, n) =>
        {
            // The page's values into one span: a write to the buffer per value cost as much as the rest of the column.
            var size = Unsafe.SizeOf<T>();
            var destination = _body.GetSpan(n * size);
            var written = 0;
            foreach (var value in values.AsSpan(first, n))
            {
                if (value is not { } v) continue;
                MemoryMarshal.Write(destination[written..], in v);
                written += size;
            }
            _body.Advance(written);
        });
        var range = new ValueRange<T>();
        foreach (var value in values.AsSpan(0, count))
            if (value is { } v) range.Add(v);
        Statistics = range.Statistics(Statistics.NullCount);
    }

    private static bool EveryOne<T>(ReadOnlySpan<T?> values) where T : struct
    {
        foreach (var value in values)
            if (!value.HasValue) return false;
        return true;
    }

    // Smallest and largest value, NaN left out and a zero bound signed as the Parquet spec asks (-0 as min, +0 as max),
    // so a reader comparing -0.0 and 0.0 either way keeps the row group.
    private struct ValueRange<T> where T : unmanaged, INumber<T>
    {
        private bool _any;
        private T _min, _max;

        public void Add(T value)
        {
            if (T.IsNaN(value)) return;
            if (!_any)
            {
                (_min, _max, _any) = (value, value, true);
                return;
            }
            if (value < _min) _min = value;
            if (value > _max) _max = value;
        }

        /// <summary>Adds every one of <paramref name="values"/>: a vector at a time when none is NaN (then the same bounds but for a zero's sign, which <see cref="Statistics"/> sets).</summary>
        public void AddAll(ReadOnlySpan<T> values)
        {
            var width = Vector<T>.Count;
            if (!Vector.IsHardwareAccelerated || !Vector<T>.IsSupported || values.Length < 2 * width)
            {
                foreach (var v in values) Add(v);
                return;
            }
            var min = new Vector<T>(values);
            var max = min;
            var floating = typeof(T) == typeof(double) || typeof(T) == typeof(float);
            var nan = floating ? ~Vector.Equals(min, min) : Vector<T>.Zero;   // all bits set in a lane that held a NaN (NaN != NaN)
            for (var i = width; ; i += width)
            {
                // The last vector ends where the values do (it may overlap the one before: bounds do not mind).
                var v = new Vector<T>(values[Math.Min(i, values.Length - width)..]);
                if (floating) nan |= ~Vector.Equals(v, v);
                min = Vector.MinNative(min, v);   // no NaN to order, and Statistics signs a zero bound itself
                max = Vector.MaxNative(max, v);
                if (i >= values.Length - width) break;
            }
            if (nan != Vector<T>.Zero)
            {
                foreach (var v in values) Add(v);   // NaN left out value by value
                return;
            }
            for (var k = 0; k < width; k++)
            {
                Add(min[k]);
                Add(max[k]);
            }
        }

        public readonly ChunkStatistics Statistics(long nulls)
        {
            if (!_any) return new ChunkStatistics(nulls, null, null);
            var min = T.IsZero(_min) ? -T.Zero : _min;
            var max = T.IsZero(_max) ? T.Zero : _max;
            return new ChunkStatistics(nulls, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in min)).ToArray(), MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in max)).ToArray());
        }
    }

    /// <summary>The first <paramref name="rows"/> of <paramref name="values"/> as booleans (bit-packed, first value in the lowest bit).</summary>
    public void Booleans(bool?[] values, int rows, bool optional) => Encode(rows, optional, 8, EveryOne(values.AsSpan(0, rows)) ? null : i => values[i].HasValue, (first, count) =>
    {
        var present = 0;
        foreach (var value in values.AsSpan(first, count)) present += value.HasValue ? 1 : 0;
        var bytes = _body.GetSpan((present + 7) / 8)[..((present + 7) / 8)];
        bytes.Clear();
        var k = 0;
        foreach (var value in values.AsSpan(first, count))
        {
            if (value is not { } v) continue;
            if (v) bytes[k >> 3] |= (byte)(1 << (k & 7));
            k++;
        }
        _body.Advance(bytes.Length);
    });

    // The chunk as pages of PageRows rows: per page, its definition levels, its values, Snappy, a page header.
    // `width`: bytes per value (0: length-prefixed byte arrays), where the compressor looks for repeats; `defined`:
    // whether a row has a value, null when every row has one.
    private void Encode(int rows, bool optional, int width, Func<int, bool>? defined, Action<int, int> values)
    {
        Rows = rows;
        UncompressedSize = 0;
        Statistics = default;
        _page.ResetWrittenCount();
        for (var first = 0; first < rows; first += PageRows)
        {
            var count = Math.Min(PageRows, rows - first);
            _body.ResetWrittenCount();
            if (optional) DefinitionLevels(first, count, defined);
            var valuesStart = _body.WrittenCount;
            values(first, count);
            Page(count, valuesStart, width);
        }
    }

    // Definition levels of an optional column: a length prefix and one bit-packed run of groups of 8 (bit width 1).
    private void DefinitionLevels(int first, int count, Func<int, bool>? defined)
    {
        var groups = (count + 7) / 8;
        Span<byte> header = stackalloc byte[10];
        var headerLength = Varint.Write(header, (ulong)groups << 1 | 1);   // the same base-128 varint as Parquet's RLE run headers
        var span = _body.GetSpan(4 + headerLength + groups);
        BinaryPrimitives.WriteInt32LittleEndian(span, headerLength + groups);
        header[..headerLength].CopyTo(span[4..]);
        var bits = span.Slice(4 + headerLength, groups);
        var nulls = 0;
        if (defined is null)
        {
            // Every row defined (no call per row): all ones, the bits past the last row zero as before.
            bits.Fill(0xff);
            if (count % 8 != 0) bits[^1] = (byte)((1 << (count % 8)) - 1);
        }
        else
        {
            bits.Clear();
            for (var i = 0; i < count; i++)
                if (defined(first + i)) bits[i >> 3] |= (byte)(1 << (i & 7));
                else nulls++;
        }
        _body.Advance(4 + headerLength + groups);
        Statistics = Statistics with { NullCount = Statistics.NullCount + nulls };
    }

    // A page's header, then its body compressed straight into the chunk after it (not into a buffer of its own, then
    // copied): the header's length is known once the compressed size is, so the body is compressed where a header
    // stating the bound would end, and moved only in the rare case where the actual size's varint is shorter.
    private void Page(int values, int valuesStart, int width)
    {
        var body = _body.WrittenSpan;
        var fast = compressor == PageCompressor.Fast;
        var bound = fast ? SnappyPageEncoder.MaxCompressedLength(body.Length) : Snappier.Snappy.GetMaxCompressedLength(body.Length);
        var guess = Header(body.Length, bound, values).Length;
        var target = _page.GetSpan(guess + bound);
        var compressed = fast ? SnappyPageEncoder.Compress(body, valuesStart, width, target.Slice(guess, bound), _oneLengthStride)
            : Snappier.Snappy.Compress(body, target.Slice(guess, bound));
        var header = Header(body.Length, compressed, values);
        if (header.Length != guess) target.Slice(guess, compressed).CopyTo(target[header.Length..]);   // overlapping: a move
        header.CopyTo(target);
        _page.Advance(header.Length + compressed);
        UncompressedSize += header.Length + body.Length;
    }

    // A data page's header (Thrift compact), in a buffer reused until the next call.
    private ReadOnlySpan<byte> Header(int uncompressed, int compressed, int values)
    {
        _header.ResetWrittenCount();
        var header = new ThriftCompactWriter(_header);
        header.BeginStruct();
        header.I32(ParquetThrift.PageHeader.Type, ParquetThrift.PageType.DataPage);
        header.I32(ParquetThrift.PageHeader.UncompressedPageSize, uncompressed);
        header.I32(ParquetThrift.PageHeader.CompressedPageSize, compressed);
        header.Struct(ParquetThrift.PageHeader.DataPageHeader);
        header.I32(ParquetThrift.DataPageHeader.NumValues, values);
        header.I32(ParquetThrift.DataPageHeader.Encoding, ParquetThrift.Encoding.Plain);
        header.I32(ParquetThrift.DataPageHeader.DefinitionLevelEncoding, ParquetThrift.Encoding.Rle);
        header.I32(ParquetThrift.DataPageHeader.RepetitionLevelEncoding, ParquetThrift.Encoding.Rle);
        header.EndStruct();
        header.EndStruct();
        return _header.WrittenSpan;
    }
}
