using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Text values held as UTF-8 bytes in one array, each at its start with its length: the chosen rows of a datalake's
/// text column (late materialization copies them out of the decompressed page) or the catalog identifiers of result
/// rows (slices of the catalog's own bytes). The Parquet result writer copies the bytes into its pages, so no string is
/// made per row (10 M sources at 60": ~0.2 result rows per alert); a string is made only when a consumer asks for a
/// value (a Kafka row, a check).
/// </summary>
internal sealed class Utf8Column
{
    private readonly byte[] _bytes;
    private readonly int[] _starts;    // with _width > 0: the slot of each value (it starts at slot x _width)
    private readonly int[] _lengths;   // -1: null; empty with _width > 0
    private readonly int _plainEnd = -1;   // >= 0: the values lie PLAIN-encoded in order (OfPlain), this far
    private readonly int _width;           // > 0: every value has this length and lies at its slot (OfSlots)
    private readonly int _stride;          // > 0: value i lies PLAIN-encoded at i x _stride, _stride - 4 bytes long (OfPlainOneLength)
    private readonly int _count;           // values, with _stride > 0 or _width > 0

    /// <param name="bytes">The values' bytes.</param>
    /// <param name="starts">Where value i starts in <paramref name="bytes"/>.</param>
    /// <param name="lengths">Its length, -1 where the value is null.</param>
    public Utf8Column(byte[] bytes, int[] starts, int[] lengths)
    {
        if (starts.Length != lengths.Length) throw new ArgumentException("one start and one length per value");
        for (var i = 0; i < starts.Length; i++)
            if (lengths[i] >= 0 && ((uint)starts[i] > (uint)bytes.Length || lengths[i] > bytes.Length - starts[i]))
                throw new ArgumentException($"value {i} lies outside the {bytes.Length} bytes");
        _bytes = bytes;
        _starts = starts;
        _lengths = lengths;
    }

    /// <summary>
    /// Values that lie in <paramref name="bytes"/> as PLAIN encodes them, in order: each a 4-byte little-endian length
    /// just before its start, then its bytes, the next one right after; a null value takes no bytes, its start where
    /// the next value's would be. A run of such values is then copied into a page as one block (<see cref="Plain"/>).
    /// </summary>
    internal static Utf8Column OfPlain(byte[] bytes, int[] starts, int[] lengths)
    {
        var n = starts.Length;
        var end = n == 0 ? 0 : starts[n - 1] + Math.Max(0, lengths[n - 1]) - (lengths[n - 1] < 0 ? 4 : 0);
        return new Utf8Column(bytes, starts, lengths, end);
    }

    // Not checked value by value (a pass over every row): OfPlain's values are laid out by the one who made them,
    // within the bytes, and a read of a value is bounds-checked anyway.
    private Utf8Column(byte[] bytes, int[] starts, int[] lengths, int plainEnd)
    {
        if (starts.Length != lengths.Length) throw new ArgumentException("one start and one length per value");
        if ((uint)plainEnd > (uint)bytes.Length) throw new ArgumentException($"the values end past the {bytes.Length} bytes");
        (_bytes, _starts, _lengths, _plainEnd) = (bytes, starts, lengths, plainEnd);
    }

    /// <summary>
    /// <paramref name="count"/> values of <paramref name="width"/> bytes each, none null, value i at slot
    /// <paramref name="slots"/>[i] of <paramref name="bytes"/> (its bytes [slot x width, slot x width + width)): a
    /// catalog's identifiers of one length, one per result row, without a start and a length per row (the rows' sources
    /// are the slots; <paramref name="slots"/> may be longer, a lent array: <see cref="ResultArrays"/>).
    /// </summary>
    internal static Utf8Column OfSlots(byte[] bytes, int[] slots, int count, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)slots.Length, nameof(count));
        var sources = (uint)(bytes.Length / width);
        foreach (var slot in slots.AsSpan(0, count))
            if ((uint)slot >= sources) throw new ArgumentOutOfRangeException(nameof(slots), $"slot {slot} lies outside the {bytes.Length} bytes");
        return new Utf8Column(bytes, slots, count, width);
    }

    private Utf8Column(byte[] bytes, int[] slots, int count, int width) =>
        (_bytes, _starts, _lengths, _count, _width) = (bytes, slots, [], count, width);

    /// <summary>
    /// <paramref name="count"/> values of <paramref name="length"/> bytes each, none null, PLAIN-encoded one after the
    /// other from the start of <paramref name="bytes"/> (what <see cref="OfPlain"/> takes, without a start and a length
    /// per value: value i's encoding starts at i x (4 + length)).
    /// </summary>
    internal static Utf8Column OfPlainOneLength(byte[] bytes, int count, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((long)count * (4 + length) > bytes.Length) throw new ArgumentException($"{count} values of {length} bytes lie past the {bytes.Length} bytes");
        return new Utf8Column(bytes, count, length);
    }

    private Utf8Column(byte[] bytes, int count, int length) =>
        (_bytes, _starts, _lengths, _stride, _count, _plainEnd) = (bytes, [], [], 4 + length, count, count * (4 + length));

    /// <summary>For a column made by <see cref="OfSlots"/>: its bytes, each value's slot and the values' length; else false.</summary>
    internal bool TrySlots(out byte[] bytes, out ReadOnlySpan<int> slots, out int width)
    {
        bytes = _bytes;
        slots = _starts.AsSpan(0, _width > 0 ? _count : 0);
        width = _width;
        return _width > 0;
    }

    /// <summary>For a column made by <see cref="OfPlainOneLength"/>: the bytes of each value's encoding (4 + its length); else 0.</summary>
    internal int OneLengthStride => _stride;

    /// <summary>Whether the values lie PLAIN-encoded in order (<see cref="OfPlain"/>).</summary>
    internal bool IsPlain => _plainEnd >= 0;

    /// <summary>The PLAIN encoding of values [first, first + count) of a column made by <see cref="OfPlain"/>, nulls left out.</summary>
    internal ReadOnlySpan<byte> Plain(int first, int count) =>
        _bytes.AsSpan(PlainStart(first), PlainStart(first + count) - PlainStart(first));

    /// <summary>Where value <paramref name="i"/>'s encoding starts (its length), or for <see cref="Count"/>, where the last one ends.</summary>
    internal int PlainStart(int i) => _stride > 0 ? i * _stride : i < _starts.Length ? _starts[i] - 4 : _plainEnd;

    /// <summary>
    /// For a column made by <see cref="OfPlain"/>: where each of values [first, first + ends.Length) ends in its PLAIN
    /// encoding, plus <paramref name="shift"/>, into <paramref name="ends"/>; returns how many of them are null.
    /// </summary>
    internal int PlainEnds(int first, Span<int> ends, int shift)
    {
        if (_stride > 0)
        {
            for (var j = 0; j < ends.Length; j++) ends[j] = (first + j + 1) * _stride + shift;
            return 0;
        }
        var starts = _starts;
        var last = Math.Min(first + ends.Length, starts.Length - 1);
        var k = 0;
        for (var i = first + 1; i <= last; i++, k++) ends[k] = starts[i] - 4 + shift;
        if (k < ends.Length) ends[k] = _plainEnd + shift;
        var nulls = 0;
        foreach (var length in _lengths.AsSpan(first, ends.Length)) nulls += length >>> 31;
        return nulls;
    }

    /// <summary>Number of values.</summary>
    public int Count => _stride > 0 || _width > 0 ? _count : _starts.Length;

    /// <summary>
    /// Hands the arrays of this column that were lent for it (<see cref="ResultArrays"/>: a batch's slots, the
    /// bytes copied out of a page) back to be lent again; the column is not to be read after.
    /// </summary>
    internal void Recycle()
    {
        ResultArrays.Return(_bytes);
        ResultArrays.Return(_starts);
        ResultArrays.Return(_lengths);
    }

    public bool IsNull(int i) => _width == 0 && _stride == 0 && _lengths[i] < 0;

    /// <summary>The array holding the values, where value <paramref name="i"/> starts in it and its length (-1: null).</summary>
    internal (byte[] Bytes, int Start, int Length) Extent(int i) =>
        _width > 0 ? ((uint)i < (uint)_count ? (_bytes, _starts[i] * _width, _width) : throw new ArgumentOutOfRangeException(nameof(i)))
        : _stride > 0 ? ((uint)i < (uint)_count ? (_bytes, i * _stride + 4, _stride - 4) : throw new ArgumentOutOfRangeException(nameof(i)))
        : (_bytes, _starts[i], _lengths[i]);

    /// <summary>The UTF-8 bytes of value <paramref name="i"/> (empty where it is null).</summary>
    public ReadOnlySpan<byte> Utf8(int i)
    {
        var (bytes, start, length) = Extent(i);
        return length < 0 ? default : bytes.AsSpan(start, length);
    }

    /// <summary>
    /// Asks the CPU to fetch value <paramref name="i"/>'s first bytes into the cache, where it can: a copy of values
    /// scattered over a large array (a catalog's identifiers, one result row each) then overlaps its cache misses
    /// instead of waiting for one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int i)
    {
        // Not pinned: a prefetch never faults, and one at an address the GC has just moved only misses.
        var (bytes, start, length) = Extent(i);
        if (!Sse.IsSupported || length <= 0) return;
        ref var first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bytes), start);
        Sse.Prefetch0(Unsafe.AsPointer(ref first));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, length - 1)));   // the line of its last byte, when another
    }

    /// <summary>Value <paramref name="i"/> as a string, null where it is null.</summary>
    public string? Value(int i) => IsNull(i) ? null : Encoding.UTF8.GetString(Utf8(i));
}
