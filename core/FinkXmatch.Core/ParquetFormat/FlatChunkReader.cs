using System.Buffers.Binary;
using FinkXmatch.Core.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Reads one flat (no repetition) column chunk straight from the file with positional reads into reused buffers:
/// page headers, Snappy or no compression, definition levels, PLAIN and dictionary values. What Parquet.Net does for
/// the same chunk costs a column-reader setup, fresh buffers and, for strings, a UTF-16 copy of every value; here a
/// string is only decoded for the rows asked for. Anything else (other codecs or encodings, nested columns) makes
/// <see cref="TryLoad"/> answer false, and the caller reads the chunk with Parquet.Net instead.
/// One instance per thread.
/// </summary>
internal sealed partial class FlatChunkReader
{
    private const int Plain = ParquetThrift.Encoding.Plain, PlainDictionary = ParquetThrift.Encoding.PlainDictionary,
        RleDictionary = ParquetThrift.Encoding.RleDictionary;

    private byte[] _chunk = [];       // the compressed chunk as on disk
    private byte[] _data = [];        // decompressed page bodies
    private byte[] _dense = [];       // fixed-width values of the defined rows, packed
    private byte[] _dictionary = [];  // decompressed dictionary page
    private int[] _defs = [];         // definition level per row
    private int[] _indices = [];      // scratch: dictionary indices of a page
    private int[] _offsets = [];      // byte arrays: start of each defined value (negative: in the dictionary)
    private int[] _lengths = [];      // byte arrays: length of each defined value
    private int[] _dictOffsets = [];
    private int[] _dictLengths = [];

    /// <summary>
    /// Makes the compressed-chunk and page buffers when they must grow (null: cleared arrays). A catalog's load hands
    /// out arrays on 2 MiB pages, not cleared, since they are written before they are read: a 1 M-source catalog's
    /// chunks are ~30 MB of fresh memory, ~7,500 page faults of 4 KiB.
    /// </summary>
    public Func<int, byte[]>? NewBuffer { get; init; }

    /// <summary>
    /// Told the part about to be written of each buffer or target this reader has just made itself (null: nothing): a
    /// scan's readers map their fresh pages at once instead of a fault per 4 KiB page on the first write (the alert
    /// columns' chunks and pages, and their positions: ~1,200 faults of a one-night job).
    /// </summary>
    public BytesToWrite? Fresh { get; init; }

    /// <summary>
    /// Makes the compressed-chunk and page buffers this size now (when they are smaller), so that a reader given its
    /// chunks' largest sizes makes each buffer once: grown as needed, a chunk larger than the one before (a catalog's
    /// identifiers, then its positions) left the smaller buffer as garbage, fresh memory written once.
    /// </summary>
    public void Reserve(long chunkBytes, long dataBytes)
    {
        if (chunkBytes <= int.MaxValue) GrowBytes(ref _chunk, (int)chunkBytes);
        if (dataBytes <= int.MaxValue) GrowBytes(ref _data, (int)dataBytes);
    }

    /// <summary>Bytes held by the reusable buffers.</summary>
    public long RetainedBytes => (long)_chunk.Length + _data.Length + _dense.Length + _dictionary.Length
        + _chosenValues.Length
        + 4L * (_defs.Length + _indices.Length + _offsets.Length + _lengths.Length + _dictOffsets.Length + _dictLengths.Length + _chosenDefs.Length + _pageIndices.Length);

    /// <summary>Rows of the loaded chunk.</summary>
    public int Rows { get; private set; }

    /// <summary>Rows with a value (the others are null).</summary>
    public int Defined { get; private set; }

    /// <summary>True when every row has a value.</summary>
    public bool AllDefined => Defined == Rows;

    /// <summary>Definition level of each row (when the column is optional).</summary>
    public ReadOnlySpan<int> Definitions => _defs.AsSpan(0, Rows);

    /// <summary>
    /// Loads a chunk of <paramref name="rows"/> rows of a flat column of physical type <paramref name="physical"/>.
    /// False when the chunk uses something this reader does not handle.
    /// </summary>
    public bool TryLoad(SafeFileHandle file, in ColumnChunkInfo meta, Parquet.Meta.Type physical, int maxDefinition, int rows)
    {
        if (!Handles(meta, physical, rows, out var valueSize) || !ReadChunk(file, meta, out var length)) return false;
        Grow(ref _defs, rows);
        if (valueSize > 0) Grow(ref _dense, rows * valueSize);
        else
        {
            Grow(ref _offsets, rows);
            Grow(ref _lengths, rows);
        }
        Rows = rows;
        var defWidth = maxDefinition == 0 ? 0 : 32 - int.LeadingZeroCount(maxDefinition);
        var row = 0;
        var defined = 0;
        var dataUsed = 0;
        var dictionaryCount = -1;
        var pos = 0;
        while (pos < length && row < rows)
        {
            pos += PageHeader.Read(_chunk.AsSpan(pos, length - pos), out var page);
            var body = _chunk.AsSpan(pos, page.CompressedSize);
            pos += page.CompressedSize;
            if (page.Type == ParquetThrift.PageType.DictionaryPage)
            {
                if (!LoadDictionary(meta.Codec, page, body, valueSize)) return false;
                dictionaryCount = page.NumValues;
                continue;
            }
            if (page.Type is not (ParquetThrift.PageType.DataPage or ParquetThrift.PageType.DataPageV2)) continue;   // index pages
            var count = page.NumValues;
            if (row + count > rows) return false;
            var defs = _defs.AsSpan(row, count);
            if (!OpenDataPage(meta.Codec, page, body, defWidth, dataUsed, defs, out var valuesStart, out var valuesLength, decompressed: false, -1, out _)) return false;
            var values = _data.AsSpan(valuesStart, valuesLength);
            dataUsed = valuesStart + valuesLength;
            var present = defWidth == 0 ? count : defs.Count(maxDefinition);

            if (page.Encoding == Plain)
            {
                if (valueSize > 0)
                {
                    if (values.Length < present * valueSize) return false;
                    values[..(present * valueSize)].CopyTo(_dense.AsSpan(defined * valueSize));
                }
                else if (!IndexByteArrays(values, present, valuesStart, ref _offsets, ref _lengths, defined)) return false;
            }
            else if (page.Encoding is PlainDictionary or RleDictionary)
            {
                if (dictionaryCount < 0) return false;
                Grow(ref _indices, present);
                var indices = _indices.AsSpan(0, present);
                if (present > 0) RleHybridDecoder.Decode(values[1..], values[0], indices);
                foreach (var index in indices)
                    if ((uint)index >= (uint)dictionaryCount) return false;
                if (valueSize > 0)
                {
                    var dense = _dense.AsSpan(defined * valueSize);
                    for (var k = 0; k < present; k++)
                        _dictionary.AsSpan(indices[k] * valueSize, valueSize).CopyTo(dense.Slice(k * valueSize, valueSize));
                }
                else
                    for (var k = 0; k < present; k++)
                    {
                        // Negative offsets point into the dictionary: ~offset.
                        _offsets[defined + k] = ~_dictOffsets[indices[k]];
                        _lengths[defined + k] = _dictLengths[indices[k]];
                    }
            }
            else return false;
            row += count;
            defined += present;
        }
        Defined = defined;
        return row == rows;
    }

    // Decompresses a dictionary page; for byte arrays, where each of its values starts.
    private bool LoadDictionary(CompressionCodec codec, in PageHeader page, ReadOnlySpan<byte> body, int valueSize)
    {
        if (page.Encoding is not (Plain or PlainDictionary)) return false;
        Grow(ref _dictionary, page.UncompressedSize);
        if (!Decompress(codec, body, _dictionary.AsSpan(0, page.UncompressedSize))) return false;
        return valueSize > 0 || IndexByteArrays(_dictionary.AsSpan(0, page.UncompressedSize), page.NumValues, 0, ref _dictOffsets, ref _dictLengths);
    }

    // Decompresses a data page into _data from dataStart (v1: its levels and values; v2: its values, the levels being
    // stored uncompressed) and decodes its definition levels into defs (zeros for a required column); its values are
    // _data[valuesStart..valuesStart + valuesLength). A v1 page already <paramref name="decompressed"/> there is only decoded.
    // With <paramref name="everyRowAt"/> >= 0: <paramref name="everyRow"/> tells whether every row has that level, and
    // when it does, defs are left as they are (a page's levels are then one run, not decoded into 46,000 ints).
    private bool OpenDataPage(CompressionCodec codec, in PageHeader page, ReadOnlySpan<byte> body, int defWidth, int dataStart, Span<int> defs,
        out int valuesStart, out int valuesLength, bool decompressed, int everyRowAt, out bool everyRow)
    {
        (valuesStart, valuesLength, everyRow) = (dataStart, 0, false);
        var target = _data.AsSpan(dataStart);
        if (page.Type == ParquetThrift.PageType.DataPage)
        {
            var pageBytes = target[..page.UncompressedSize];
            if (!decompressed && !Decompress(codec, body, pageBytes)) return false;
            var used = 0;
            if (defWidth > 0)
            {
                var levels = BinaryPrimitives.ReadInt32LittleEndian(pageBytes);
                Levels(pageBytes.Slice(4, levels), defWidth, defs, everyRowAt, out everyRow);
                used = 4 + levels;
            }
            else Levels(default, 0, defs, everyRowAt, out everyRow);
            (valuesStart, valuesLength) = (dataStart + used, page.UncompressedSize - used);
            return true;
        }
        if (page.RepetitionLevelsLength != 0) return false;
        Levels(body[..page.DefinitionLevelsLength], defWidth, defs, everyRowAt, out everyRow);
        var compressed = body[page.DefinitionLevelsLength..];
        valuesLength = page.UncompressedSize - page.DefinitionLevelsLength;
        var values = target[..valuesLength];
        return page.IsCompressed ? Decompress(codec, compressed, values) : compressed.TryCopyTo(values);
    }

    // A page's definition levels into defs (zeros without levels), unless every row has level everyRowAt (>= 0).
    private static void Levels(ReadOnlySpan<byte> levels, int defWidth, Span<int> defs, int everyRowAt, out bool everyRow)
    {
        everyRow = everyRowAt >= 0 && (defWidth == 0 ? everyRowAt == 0 : OneRun(levels, defWidth, defs.Length) == everyRowAt);
        if (everyRow) return;
        if (defWidth > 0) RleHybridDecoder.Decode(levels, defWidth, defs);
        else defs.Clear();
        everyRow = everyRowAt >= 0 && defs.IndexOfAnyExcept(everyRowAt) < 0;
    }

    // The level of every one of `rows` levels when they start with one RLE run that covers them (how writers store a
    // column without nulls), else -1.
    private static int OneRun(ReadOnlySpan<byte> levels, int defWidth, int rows)
    {
        if (levels.IsEmpty) return -1;
        var pos = 0;
        var header = Varint.Read(levels, ref pos);
        if ((header & 1) != 0 || (header >> 1) < (ulong)rows || pos + (defWidth + 7) / 8 > levels.Length) return -1;
        var value = 0;
        for (var b = 0; b < (defWidth + 7) / 8; b++) value |= levels[pos++] << (8 * b);
        return value;
    }

    // The codecs, physical types and shapes this reader takes; the width of a fixed-size value (0: byte arrays).
    private static bool Handles(in ColumnChunkInfo meta, Parquet.Meta.Type physical, int rows, out int valueSize)
    {
        valueSize = physical switch
        {
            Parquet.Meta.Type.INT32 or Parquet.Meta.Type.FLOAT => 4,
            Parquet.Meta.Type.INT64 or Parquet.Meta.Type.DOUBLE => 8,
            _ => 0,
        };
        if (meta.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY)) return false;
        if (meta.Type != physical || physical is Parquet.Meta.Type.BOOLEAN or Parquet.Meta.Type.INT96 or Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY) return false;
        return meta.NumValues == rows;   // a flat column has one entry per row
    }

    // The compressed chunk, dictionary page first, into _chunk; _data grown to hold its pages uncompressed.
    private bool ReadChunk(SafeFileHandle file, in ColumnChunkInfo meta, out int length)
    {
        _readAheadFile = null;
        var start = meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset ? d : meta.DataPageOffset;
        length = checked((int)meta.TotalCompressedSize);
        GrowBytes(ref _chunk, length);
        if (RandomAccess.Read(file, _chunk.AsSpan(0, length), start) != length) return false;
        GrowBytes(ref _data, checked((int)meta.TotalUncompressedSize));
        return true;
    }

    /// <summary>The packed values of the defined rows, as <typeparamref name="T"/>.</summary>
    public ReadOnlySpan<T> DenseValues<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(_dense.AsSpan(0, Defined * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));

    /// <summary>The bytes of the <paramref name="dense"/>-th defined value of a byte-array column.</summary>
    public ReadOnlySpan<byte> Bytes(int dense)
    {
        var offset = _offsets[dense];
        return offset >= 0 ? _data.AsSpan(offset, _lengths[dense]) : _dictionary.AsSpan(~offset, _lengths[dense]);
    }

    /// <summary>Spreads the packed values to their rows, <paramref name="whenNull"/> where a row is null.</summary>
    public void CopyToRows<T>(Span<T> rows, int maxDefinition, T whenNull) where T : unmanaged
    {
        var dense = DenseValues<T>();
        if (AllDefined)
        {
            dense.CopyTo(rows);
            return;
        }
        var k = 0;
        for (var r = 0; r < Rows; r++) rows[r] = _defs[r] == maxDefinition ? dense[k++] : whenNull;
    }

    // Walks PLAIN byte arrays (4-byte length, bytes), recording where each one starts within _data.
    private static bool IndexByteArrays(ReadOnlySpan<byte> values, int count, int baseOffset, ref int[] offsets, ref int[] lengths, int first = 0)
    {
        Grow(ref offsets, first + count);
        Grow(ref lengths, first + count);
        var pos = 0;
        for (var k = 0; k < count; k++)
        {
            if (pos + 4 > values.Length) return false;
            var len = BinaryPrimitives.ReadInt32LittleEndian(values[pos..]);
            if (len < 0 || pos + 4 + len > values.Length) return false;
            offsets[first + k] = baseOffset + pos + 4;
            lengths[first + k] = len;
            pos += 4 + len;
        }
        return true;
    }

    private static bool Decompress(CompressionCodec codec, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (codec == CompressionCodec.UNCOMPRESSED) return source.TryCopyTo(destination) && source.Length == destination.Length;
        return SnappyDecoder.Decompress(source, destination);
    }

    private void GrowBytes(ref byte[] buffer, int count)
    {
        if (buffer.Length >= count) return;
        if (NewBuffer is not null)
        {
            buffer = NewBuffer(Math.Max(count, buffer.Length * 2));
            return;
        }
        buffer = new byte[Math.Max(count, buffer.Length * 2)];
        Fresh?.Invoke(buffer.AsSpan(0, count));
    }

    // A caller's target grown to hold `size` bytes about to be written.
    private void GrowTarget(ref byte[] target, int size)
    {
        if (target.Length >= size) return;
        target = new byte[Math.Max(size, target.Length * 2)];
        Fresh?.Invoke(target.AsSpan(0, size));
    }

    private static void Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count) buffer = new T[Math.Max(count, buffer.Length * 2)];
    }
}
