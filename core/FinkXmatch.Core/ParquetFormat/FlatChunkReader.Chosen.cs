using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Chosen rows of a chunk (late materialization): what <see cref="TryLoad"/> gives for a few rows, without decoding
/// the others. A page that holds none of the chosen rows is not decompressed, nor is any page after the last one, and
/// within a page only the chosen rows' values are located: a fixed-width value at its offset, a byte array by walking
/// the lengths before it (no index of every value), a dictionary index by decoding the indices up to it.
/// </summary>
internal sealed partial class FlatChunkReader
{
    private int[] _chosenDefs = [];      // definition level per chosen row
    private int[] _pageIndices = [];     // scratch: dictionary indices of a page, up to the last chosen row's
    private byte[] _chosenValues = [];   // fixed width: the value of each chosen row (zeros where it is null)
    private int _chosenCount;
    private int _chosenValueSize;
    // Byte arrays: the length of every chosen value when each page holding one had the same length throughout
    // (OneLength), -1 otherwise, -2 before the first such page.
    private int _chosenOneLength = -1;
    // The chosen rows' bytes PLAIN-encoded (row i at i x (4 + _chosenOneLength)), when _chosenPlainReady: a lent array
    // (ResultArrays) that TryChosenPlainOneLength hands out, kept for the next TrySelect when it does not.
    private byte[]? _chosenPlain;
    private bool _chosenPlainReady;
    // Set by DecompressTogether for the next TrySelect of that chunk: its bytes are in _chunk, and when
    // _readAheadDecompressed its one data page is decompressed into _data.
    private SafeFileHandle? _readAheadFile;
    private ColumnChunkInfo _readAhead;
    private bool _readAheadDecompressed;

    /// <summary>Whether <see cref="DecompressTogether"/> left a page decompressed for the next <see cref="TrySelect"/>.</summary>
    internal bool HoldsDecompressedPage => _readAheadFile is not null && _readAheadDecompressed;

    /// <summary>Whether <see cref="DecompressTogether"/> left a chunk read for the next <see cref="TrySelect"/>.</summary>
    internal bool HoldsChunk => _readAheadFile is not null;

    /// <summary>The definition level of each chosen row of the last <see cref="TrySelect"/>.</summary>
    public ReadOnlySpan<int> ChosenDefinitions => _chosenDefs.AsSpan(0, _chosenCount);

    /// <summary>The value of chosen row <paramref name="i"/> of a fixed-width column (default where it is null).</summary>
    public T ChosenValue<T>(int i) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != _chosenValueSize) throw new InvalidOperationException($"the chunk holds {_chosenValueSize}-byte values");
        return MemoryMarshal.Read<T>(_chosenValues.AsSpan(i * _chosenValueSize, _chosenValueSize));
    }

    /// <summary>The bytes of chosen row <paramref name="i"/> of a byte-array column (empty where it is null).</summary>
    public ReadOnlySpan<byte> ChosenBytes(int i) => Bytes(i);

    /// <summary>
    /// Reads the rows <paramref name="chosen"/> (strictly ascending, within 0..<paramref name="rows"/> - 1) of a chunk of
    /// a flat column, as <see cref="TryLoad"/> would give them. False when the chunk uses something this reader does
    /// not handle, or its pages do not hold the chosen rows.
    /// </summary>
    public bool TrySelect(SafeFileHandle file, in ColumnChunkInfo meta, Parquet.Meta.Type physical, int maxDefinition, int rows, IReadOnlyList<int> chosen)
    {
        var readAhead = ReferenceEquals(_readAheadFile, file) && _readAhead == meta;
        var decompressed = readAhead && _readAheadDecompressed;
        _readAheadFile = null;
        if (!Handles(meta, physical, rows, out var valueSize)) return false;
        int length;
        if (readAhead) length = (int)meta.TotalCompressedSize;
        else if (!ReadChunk(file, meta, out length)) return false;
        // As a span: an interface call per row read cost more than the rest of the row's bookkeeping.
        ReadOnlySpan<int> rowsChosen = chosen switch { List<int> list => CollectionsMarshal.AsSpan(list), int[] array => array, _ => chosen.ToArray() };
        var n = rowsChosen.Length;
        (Rows, Defined, _chosenCount) = (0, 0, n);   // the whole-chunk view is not loaded
        _chosenPlainReady = false;
        _chosenValueSize = valueSize;
        _chosenOneLength = valueSize > 0 ? -1 : -2;
        Grow(ref _chosenDefs, n);
        if (valueSize > 0) Grow(ref _chosenValues, n * valueSize);
        else
        {
            Grow(ref _offsets, n);
            Grow(ref _lengths, n);
        }
        var defWidth = maxDefinition == 0 ? 0 : 32 - int.LeadingZeroCount(maxDefinition);
        var row = 0;
        var next = 0;
        var dataUsed = 0;
        var dictionary = -1;          // where the dictionary page's header ends in _chunk (-1: none)
        var dictionaryCount = -1;     // its values, once decompressed
        var pos = 0;
        while (pos < length && row < rows && next < n)
        {
            var headerAt = pos;
            pos += PageHeader.Read(_chunk.AsSpan(pos, length - pos), out var page);
            var body = _chunk.AsSpan(pos, page.CompressedSize);
            pos += page.CompressedSize;
            if (page.Type == ParquetThrift.PageType.DictionaryPage)
            {
                dictionary = headerAt;   // decompressed when a chosen row needs it
                continue;
            }
            if (page.Type is not (ParquetThrift.PageType.DataPage or ParquetThrift.PageType.DataPageV2)) continue;   // index pages
            var count = page.NumValues;
            if (row + count > rows) return false;
            if (rowsChosen[next] >= row + count)
            {
                row += count;   // none of the chosen rows: left compressed
                continue;
            }
            Grow(ref _defs, count);
            var defs = _defs.AsSpan(0, count);
            if (!OpenDataPage(meta.Codec, page, body, defWidth, dataUsed, defs, out var valuesStart, out var valuesLength, decompressed, maxDefinition, out var allDefined))
                return false;
            var values = _data.AsSpan(valuesStart, valuesLength);
            dataUsed = valuesStart + valuesLength;

            // Each chosen row of the page, with its place among the page's defined values.
            var first = next;
            while (next < n && rowsChosen[next] < row + count) next++;
            if (allDefined && page.Encoding == Plain)
            {
                // Every row of the page holds a value: a chosen row's place among the values is its place in the page,
                // taken straight from the chosen rows (no index per row made, nothing cleared).
                _chosenDefs.AsSpan(first, next - first).Fill(maxDefinition);
                var inPage = rowsChosen[first..next];
                // Every chosen row in this page (one page per chunk: the alert files' identifiers): their bytes copied out
                // in the same pass that checks the lengths, while that part of the page is in the L1 cache.
                if (valueSize == 0 && first == 0 && next == n && EveryRowOneLengthCopied(values, valuesStart, inPage, row)) { }
                else if (!(valueSize > 0 ? EveryRowFixed(values, valueSize, inPage, row, first) : EveryRowByteArrays(values, valuesStart, inPage, row, first)))
                    return false;
                row += count;
                continue;
            }
            // Rows left null keep a zero value, or no bytes.
            if (valueSize > 0) _chosenValues.AsSpan(first * valueSize, (next - first) * valueSize).Clear();
            else
            {
                _lengths.AsSpan(first, next - first).Clear();
                _offsets.AsSpan(first, next - first).Clear();
            }
            var dense = ChosenDense(rowsChosen, first, next, row, defs, maxDefinition, allDefined);
            if (page.Encoding == Plain)
            {
                if (!(valueSize > 0 ? PlainFixed(values, valueSize, dense, first) : PlainByteArrays(values, valuesStart, dense, first))) return false;
            }
            else if (page.Encoding is PlainDictionary or RleDictionary)
            {
                if (dictionary < 0) return false;
                if (dictionaryCount < 0)
                {
                    var at = dictionary + PageHeader.Read(_chunk.AsSpan(dictionary, length - dictionary), out var dictionaryPage);
                    if (!LoadDictionary(meta.Codec, dictionaryPage, _chunk.AsSpan(at, dictionaryPage.CompressedSize), valueSize)) return false;
                    dictionaryCount = dictionaryPage.NumValues;
                }
                if (!DictionaryValues(values, valueSize, dictionaryCount, dense, first)) return false;
                _chosenOneLength = -1;
            }
            else return false;
            row += count;
        }
        return next == n;
    }

    /// <summary>
    /// Reads two chunks (of <paramref name="rowsA"/> and <paramref name="rowsB"/> rows: two columns of a row group, or
    /// one column of two row groups) for the next <see cref="TrySelect"/> of each (by <paramref name="a"/> and
    /// <paramref name="b"/>), and when each is one Snappy data page (v1, no dictionary: how Parquet.Net writes the alert
    /// files' identifiers), decompresses the two pages together (<see cref="SnappyDecoder"/>): two pages are then decoded
    /// at little more than the cost of one. Otherwise, or when a page is not valid Snappy, each TrySelect decompresses
    /// its own pages (from the chunk read here).
    /// </summary>
    public static void DecompressTogether(SafeFileHandle file, FlatChunkReader a, in ColumnChunkInfo metaA, int rowsA,
        FlatChunkReader b, in ColumnChunkInfo metaB, int rowsB) =>
        DecompressTogether(file, a, metaA, rowsA, file, b, metaB, rowsB);

    /// <summary>
    /// The same for chunks of two files (<paramref name="fileA"/>'s for <paramref name="a"/>, <paramref name="fileB"/>'s
    /// for <paramref name="b"/>): a file's last matched row group then pairs with the next file's first.
    /// </summary>
    public static void DecompressTogether(SafeFileHandle fileA, FlatChunkReader a, in ColumnChunkInfo metaA, int rowsA,
        SafeFileHandle fileB, FlatChunkReader b, in ColumnChunkInfo metaB, int rowsB)
    {
        a._readAheadFile = b._readAheadFile = null;
        if (ReferenceEquals(a, b)) return;
        var onePageA = a.ReadAhead(fileA, metaA, rowsA, out var pageA, out var bodyA);
        var onePageB = b.ReadAhead(fileB, metaB, rowsB, out var pageB, out var bodyB);
        var together = onePageA && onePageB
            && SnappyDecoder.DecompressTwo(a._chunk.AsSpan(bodyA, pageA.CompressedSize), a._data.AsSpan(0, pageA.UncompressedSize),
                b._chunk.AsSpan(bodyB, pageB.CompressedSize), b._data.AsSpan(0, pageB.UncompressedSize));
        a._readAheadDecompressed = b._readAheadDecompressed = together;
    }

    // Reads a chunk for the next TrySelect; true when it is one Snappy data page (v1) of every row and no dictionary,
    // with the page's header and where its body starts in _chunk.
    private bool ReadAhead(SafeFileHandle file, in ColumnChunkInfo meta, int rows, out PageHeader page, out int body)
    {
        (page, body) = (default, 0);
        if (meta.NumValues != rows || !ReadChunk(file, meta, out var length)) return false;
        (_readAheadFile, _readAhead) = (file, meta);
        if (meta.Codec != CompressionCodec.SNAPPY || meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset
            || !PageHeader.TryRead(_chunk.AsSpan(0, length), out page, out body)) return false;
        return page.Type == ParquetThrift.PageType.DataPage && page.NumValues == rows && body + (long)page.CompressedSize == length
            && page.CompressedSize >= 0 && page.UncompressedSize >= 0 && page.UncompressedSize <= _data.Length;
    }

    // For chosen[first..end), all in the page starting at row pageRow: the index of each among the page's defined
    // values, -1 where it is null; their definition levels into _chosenDefs.
    private Span<int> ChosenDense(ReadOnlySpan<int> chosen, int first, int end, int pageRow, ReadOnlySpan<int> defs, int maxDefinition, bool allDefined)
    {
        Grow(ref _indices, end - first);
        var dense = _indices.AsSpan(0, end - first);
        var before = 0;
        var scanned = 0;
        for (var c = first; c < end; c++)
        {
            var inPage = chosen[c] - pageRow;
            if (allDefined)
            {
                // The levels were not decoded: every row has the top one.
                _chosenDefs[c] = maxDefinition;
                dense[c - first] = inPage;
                continue;
            }
            for (; scanned < inPage; scanned++)
                if (defs[scanned] == maxDefinition) before++;
            _chosenDefs[c] = defs[inPage];
            dense[c - first] = defs[inPage] == maxDefinition ? before : -1;
        }
        return dense;
    }

    // The chosen rows (chosen[k] - pageRow in the page) of a PLAIN page whose every row holds a value, fixed width.
    private bool EveryRowFixed(ReadOnlySpan<byte> values, int valueSize, ReadOnlySpan<int> chosen, int pageRow, int first)
    {
        if (valueSize == 8) return EveryRowFixed<long>(values, chosen, pageRow, first);   // candid: a word per row
        if (valueSize == 4) return EveryRowFixed<int>(values, chosen, pageRow, first);
        for (var k = 0; k < chosen.Length; k++)
        {
            var at = (long)(chosen[k] - pageRow) * valueSize;
            if ((ulong)(at + valueSize) > (ulong)values.Length) return false;
            values.Slice((int)at, valueSize).CopyTo(_chosenValues.AsSpan((first + k) * valueSize));
        }
        return true;
    }

    private bool EveryRowFixed<T>(ReadOnlySpan<byte> values, ReadOnlySpan<int> chosen, int pageRow, int first) where T : unmanaged
    {
        var page = MemoryMarshal.Cast<byte, T>(values);
        var to = MemoryMarshal.Cast<byte, T>(_chosenValues.AsSpan(first * Unsafe.SizeOf<T>(), chosen.Length * Unsafe.SizeOf<T>()));
        for (var k = 0; k < to.Length; k++)
        {
            var at = chosen[k] - pageRow;
            if ((uint)at >= (uint)page.Length) return false;
            to[k] = page[at];
        }
        return true;
    }

    // Values checked a block at a time, the block's chosen rows copied out right after (EveryRowOneLengthCopied).
    private const int CheckBlock = 256;

    // All the chosen rows (ascending, chosen[k] - pageRow in the page) of a PLAIN page of byte arrays whose every row
    // holds a value, when the values up to the last chosen one all have the first one's length (ZTF's objectId): each
    // chosen value's place (index x stride) and its bytes with their length prefix copied into a lent array for
    // TryChosenPlainOneLength, in one pass over the page: the lengths of a block of values are checked, then its chosen
    // rows copied while the block is in the L1 cache (a check of the whole page, then the copies, read it twice, from
    // L2 or L3). False, with only the copy array written, when a length differs or the page is too short: the caller
    // then takes the general way.
    private bool EveryRowOneLengthCopied(ReadOnlySpan<byte> values, int valuesStart, ReadOnlySpan<int> chosen, int pageRow)
    {
        if (chosen.IsEmpty || values.Length < 4 || !BitConverter.IsLittleEndian) return false;
        var lastValue = chosen[^1] - pageRow;
        var length = BinaryPrimitives.ReadInt32LittleEndian(values);
        var stride = length + 4L;
        if (length < 0 || stride > 32 || lastValue < 0 || (lastValue + 1) * stride > values.Length || _data.Length < 32) return false;
        var n = chosen.Length;
        var plain = _chosenPlain is { } held && held.Length >= n * stride + 16 ? held : ResultArrays.Rent<byte>(checked((int)(n * stride) + 16));
        _chosenPlain = plain;
        ref var start = ref MemoryMarshal.GetReference(values);
        ref var data = ref MemoryMarshal.GetArrayDataReference(_data);
        ref var target = ref MemoryMarshal.GetArrayDataReference(plain);
        var offsets = _offsets.AsSpan(0, n);
        var lastBlock = (uint)(_data.Length - 32);
        var k = 0;
        for (var block = 0; block <= lastValue; block += CheckBlock)
        {
            var end = Math.Min(block + CheckBlock, lastValue + 1);
            var mismatch = 0;
            var v = block;
            if (stride == 16 && Vector256.IsHardwareAccelerated)
            {
                // Two values per vector, lanes 0 and 4 their lengths (the other lanes masked out below).
                var lengths = Vector256.Create(length, 0, 0, 0, length, 0, 0, 0);
                var acc = Vector256<int>.Zero;
                for (; v + 2 <= end; v += 2) acc |= Vector256.LoadUnsafe(ref start, (nuint)v * 16).AsInt32() ^ lengths;
                mismatch = (acc & Vector256.Create(-1, 0, 0, 0, -1, 0, 0, 0)) != Vector256<int>.Zero ? 1 : 0;
            }
            for (; v < end; v++) mismatch |= Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref start, (nint)(v * stride))) ^ length;
            if (mismatch != 0) return false;
            for (; k < n; k++)
            {
                var at = chosen[k] - pageRow;
                if (at >= end) break;
                if (at < 0 || (k > 0 && at <= chosen[k - 1] - pageRow)) return false;   // only ascending rows
                var from = valuesStart + (int)(at * stride);   // the value's length prefix
                offsets[k] = from + 4;
                ref var to = ref Unsafe.Add(ref target, (nint)(k * stride));
                if ((uint)from <= lastBlock)
                {
                    Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref data, from)));
                    if (stride > 16) Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 16), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref data, from + 16)));
                }
                else _data.AsSpan(from, (int)stride).CopyTo(plain.AsSpan((int)(k * stride), (int)stride));
            }
        }
        if (k != n) return false;
        _lengths.AsSpan(0, n).Fill(length);
        _chosenOneLength = length;
        _chosenPlainReady = true;
        return true;
    }

    // The same for byte arrays: when the values up to the last chosen one have one length (ZTF's objectId), each
    // chosen one's place is its place in the page times the stride; else the walk of PlainByteArrays.
    private bool EveryRowByteArrays(ReadOnlySpan<byte> values, int valuesStart, ReadOnlySpan<int> chosen, int pageRow, int first)
    {
        if (chosen.IsEmpty) return true;
        if (!OneLength(values, chosen[^1] - pageRow, out var only))
        {
            Grow(ref _indices, chosen.Length);
            var dense = _indices.AsSpan(0, chosen.Length);
            for (var k = 0; k < dense.Length; k++) dense[k] = chosen[k] - pageRow;
            return PlainByteArrays(values, valuesStart, dense, first);
        }
        var stride = only + 4;
        var offsets = _offsets.AsSpan(first, chosen.Length);
        var start = valuesStart + 4;
        var outside = 0u;
        for (var k = 0; k < offsets.Length; k++)
        {
            var at = chosen[k] - pageRow;
            outside |= (uint)at > (uint)(chosen[^1] - pageRow) ? 1u : 0u;   // only ascending rows: OneLength checked up to the last
            offsets[k] = start + at * stride;
        }
        if (outside != 0) return false;
        _lengths.AsSpan(first, chosen.Length).Fill(only);
        _chosenOneLength = _chosenOneLength is -2 || _chosenOneLength == only ? only : -1;
        return true;
    }

    private bool PlainFixed(ReadOnlySpan<byte> values, int valueSize, ReadOnlySpan<int> dense, int first)
    {
        if (valueSize == 8) return PlainFixed<long>(values, dense, first);   // candid: a word per row, no copy call
        if (valueSize == 4) return PlainFixed<int>(values, dense, first);
        for (var k = 0; k < dense.Length; k++)
        {
            if (dense[k] < 0) continue;
            var at = dense[k] * valueSize;
            if (at + valueSize > values.Length) return false;
            values.Slice(at, valueSize).CopyTo(_chosenValues.AsSpan((first + k) * valueSize));
        }
        return true;
    }

    private bool PlainFixed<T>(ReadOnlySpan<byte> values, ReadOnlySpan<int> dense, int first) where T : unmanaged
    {
        var page = MemoryMarshal.Cast<byte, T>(values);
        var chosen = MemoryMarshal.Cast<byte, T>(_chosenValues.AsSpan(first * Unsafe.SizeOf<T>(), dense.Length * Unsafe.SizeOf<T>()));
        for (var k = 0; k < dense.Length; k++)
        {
            var d = dense[k];
            if (d < 0) continue;
            if ((uint)d >= (uint)page.Length) return false;
            chosen[k] = page[d];
        }
        return true;
    }

    // Walks the PLAIN byte arrays (4-byte length, bytes) of the page only as far as the last chosen one. The next
    // value is looked for where a value of the last length would end, and its length checked there: for identifiers of
    // one length (ZTF's objectId) the walk then waits on no load (a value's place no longer depends on reading the length
    // before it), ~3 times as fast; any other length is taken as it comes.
    private bool PlainByteArrays(ReadOnlySpan<byte> values, int valuesStart, ReadOnlySpan<int> dense, int first)
    {
        var lastChosen = dense.Length - 1;
        while (lastChosen >= 0 && dense[lastChosen] < 0) lastChosen--;
        if (lastChosen >= 0 && OneLength(values, dense[lastChosen], out var only))
        {
            for (var c = 0; c < dense.Length; c++)
                if (dense[c] >= 0) (_offsets[first + c], _lengths[first + c]) = (valuesStart + dense[c] * (only + 4) + 4, only);
            _chosenOneLength = _chosenOneLength is -2 || _chosenOneLength == only ? only : -1;
            return true;
        }
        _chosenOneLength = -1;
        var pos = 0;
        var k = 0;
        var stride = -1;   // 4 + the last length read
        for (var c = 0; c < dense.Length; c++)
        {
            if (dense[c] < 0) continue;
            // Four values of the last length at a time while they are (4 * stride covers their lengths: stride >= 4).
            if (stride > 0)
            {
                ref var first0 = ref MemoryMarshal.GetReference(values);
                for (var last = stride - 4; BitConverter.IsLittleEndian && k + 4 <= dense[c] && pos + 4 * stride <= values.Length; k += 4, pos += 4 * stride)
                {
                    ref var at = ref Unsafe.Add(ref first0, pos);
                    if ((Unsafe.ReadUnaligned<int>(ref at) != last) | (Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref at, stride)) != last)
                        | (Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref at, 2 * stride)) != last) | (Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref at, 3 * stride)) != last)) break;
                }
            }
            for (; k < dense[c]; k++)
            {
                if (pos + 4 > values.Length) return false;
                var len = BinaryPrimitives.ReadInt32LittleEndian(values[pos..]);
                if (len + 4 == stride && pos + stride <= values.Length)
                {
                    pos += stride;
                    continue;
                }
                if (len < 0 || len > values.Length - pos - 4) return false;
                stride = len + 4;
                pos += stride;
            }
            if (pos + 4 > values.Length) return false;
            var length = BinaryPrimitives.ReadInt32LittleEndian(values[pos..]);
            if (length < 0 || length > values.Length - pos - 4) return false;
            _offsets[first + c] = valuesStart + pos + 4;
            _lengths[first + c] = length;
        }
        return true;
    }

    // True when the values up to the last chosen one all have the first one's length (ZTF's objectId): each value's
    // place is then its index times the stride, with no walk from one chosen row to the next (at ~0.2 chosen rows per
    // value, that walk's branches cost ~19 ns per chosen row). Every length is still read: one load per value that
    // waits on nothing, checked a block of 64 at a time.
    private static bool OneLength(ReadOnlySpan<byte> values, int lastValue, out int length)
    {
        length = -1;
        if (lastValue < 0 || values.Length < 4 || !BitConverter.IsLittleEndian) return false;
        var first = BinaryPrimitives.ReadInt32LittleEndian(values);
        var stride = first + 4L;
        if (first < 0 || (lastValue + 1) * stride > values.Length) return false;
        ref var start = ref MemoryMarshal.GetReference(values);
        var k = 0;
        if (stride == 16 && Vector256.IsHardwareAccelerated)
        {
            // Two values per vector (ZTF's objectId: 4 + 12 bytes), lanes 0 and 4 their lengths; the others are masked
            // out once at the end: one load and two operations per two values instead of a load per value.
            var lengths = Vector256.Create(first, 0, 0, 0, first, 0, 0, 0);
            Vector256<int> even = default, odd = default;
            for (var pairs = (lastValue + 1) / 2 & ~1; k < pairs; k += 2)
            {
                even |= Vector256.LoadUnsafe(ref start, (nuint)k * 32).AsInt32() ^ lengths;
                odd |= Vector256.LoadUnsafe(ref start, (nuint)k * 32 + 32).AsInt32() ^ lengths;
            }
            if (((even | odd) & Vector256.Create(-1, 0, 0, 0, -1, 0, 0, 0)) != Vector256<int>.Zero) return false;
            k *= 2;
        }
        for (; k <= lastValue;)
        {
            var mismatch = 0;
            for (var end = Math.Min(k + 64, lastValue + 1); k < end; k++)
                mismatch |= Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref start, (nint)(k * stride))) ^ first;
            if (mismatch != 0) return false;
        }
        length = first;
        return true;
    }

    // Dictionary indices (bit width, then the RLE/bit-packed hybrid) decoded up to the last chosen row's.
    private bool DictionaryValues(ReadOnlySpan<byte> values, int valueSize, int dictionaryCount, ReadOnlySpan<int> dense, int first)
    {
        var last = -1;
        foreach (var d in dense) last = Math.Max(last, d);
        if (last < 0) return true;
        if (values.IsEmpty) return false;
        Grow(ref _pageIndices, last + 1);
        var indices = _pageIndices.AsSpan(0, last + 1);
        RleHybridDecoder.Decode(values[1..], values[0], indices);
        for (var c = 0; c < dense.Length; c++)
        {
            if (dense[c] < 0) continue;
            var index = indices[dense[c]];
            if ((uint)index >= (uint)dictionaryCount) return false;
            if (valueSize > 0) _dictionary.AsSpan(index * valueSize, valueSize).CopyTo(_chosenValues.AsSpan((first + c) * valueSize));
            else
            {
                // Negative offsets point into the dictionary: ~offset.
                _offsets[first + c] = ~_dictOffsets[index];
                _lengths[first + c] = _dictLengths[index];
            }
        }
        return true;
    }
}
