using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The values of a BYTE_ARRAY column chunk as PLAIN encodes them (a 4-byte little-endian length, then the bytes), gathered
/// row by row from wherever the rows hold them (UTF-8 already, a string); a null row adds
/// no bytes. A page's values are then one slice (<see cref="Plain"/>). Reused from chunk to chunk: its buffers grow to the
/// largest chunk and stay.
/// </summary>
internal sealed class PlainByteArrays
{
    private byte[] _bytes = new byte[1 << 16];
    private int[] _ends = new int[1024];     // where row i's encoded value ends in _bytes (its start: row i - 1's end)
    private int _length;

    /// <summary>Rows added since <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Null rows added since <see cref="Clear"/>.</summary>
    public int Nulls { get; private set; }

    public void Clear() => (Count, _length, Nulls) = (0, 0, 0);

    /// <summary>Adds a row holding <paramref name="value"/>.</summary>
    public void Add(ReadOnlySpan<byte> value)
    {
        var span = Reserve(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[4..]);
        End(4 + value.Length);
    }

    /// <summary>Adds a row holding <paramref name="value"/> as UTF-8.</summary>
    public void Add(string value)
    {
        var span = Reserve(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        End(4 + length);
    }

    /// <summary>Adds a row holding value <paramref name="i"/> of <paramref name="column"/>, null where it is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]   // one call per result row (the catalog identifiers)
    public void Add(Utf8Column column, int i)
    {
        var (bytes, start, length) = column.Extent(i);
        if (length < 0) AddNull();
        else if (length is >= 8 and <= 16)
        {
            // A short value (an identifier: one per result row) moved as two 8-byte words that overlap, without a call
            // to a general copy and without reading past its end: read at random among a catalog's millions, a value
            // then costs the cache lines it lies on, not those of a 16-byte block (10-byte identifiers: 14 % against
            // 39 % of them on two lines).
            var span = Reserve(4 + 16);
            BinaryPrimitives.WriteInt32LittleEndian(span, length);
            ref var from = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bytes), start);
            var (head, tail) = (Unsafe.ReadUnaligned<ulong>(ref from), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, length - 8)));
            Unsafe.WriteUnaligned(ref span[4], head);
            Unsafe.WriteUnaligned(ref span[length - 4], tail);
            End(4 + length);
        }
        else if (length < 8 && start <= bytes.Length - 16)
        {
            var span = Reserve(4 + 16);
            BinaryPrimitives.WriteInt32LittleEndian(span, length);
            Unsafe.WriteUnaligned(ref span[4], Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bytes), start)));
            End(4 + length);
        }
        else Add(bytes.AsSpan(start, length));
    }

    /// <summary>
    /// Adds rows holding values [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of a
    /// column whose values lie PLAIN-encoded in order (<see cref="Utf8Column.OfPlain"/>): one copy for them all.
    /// </summary>
    public void AddPlain(Utf8Column column, int first, int count)
    {
        var plain = column.Plain(first, count);
        plain.CopyTo(Reserve(plain.Length));
        if (_ends.Length < Count + count) Array.Resize(ref _ends, Math.Max(Count + count, 2 * _ends.Length));
        Nulls += column.PlainEnds(first, _ends.AsSpan(Count, count), _length - column.PlainStart(first));
        _length += plain.Length;
        Count += count;
    }

    /// <summary>
    /// Adds rows holding values [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of
    /// <paramref name="column"/>, each fetched into the cache some rows ahead of its copy: values read at random (a
    /// catalog's identifiers, one per result row among millions) cost a cache miss each, which then overlap.
    /// </summary>
    public void AddScattered(Utf8Column column, int first, int count)
    {
        if (BitConverter.IsLittleEndian && column.TrySlots(out var bytes, out var slots, out var width) && width is >= 8 and <= 16)
        {
            AddSlots(bytes, slots.Slice(first, count), width);
            return;
        }
        for (var k = 0; k < Math.Min(PrefetchDistance, count); k++) column.Prefetch(first + k);
        for (var k = 0; k < count; k++)
        {
            if (k + PrefetchDistance < count) column.Prefetch(first + k + PrefetchDistance);
            Add(column, first + k);
        }
    }

    private const int PrefetchDistance = 16;

    // Values of one length (8 to 16 bytes) at their slots (a catalog's identifiers of one length): the room reserved
    // once, then gathered as GatherSlots does, with no start or length read per row.
    private void AddSlots(byte[] bytes, ReadOnlySpan<int> slots, int width)
    {
        var count = slots.Length;
        var stride = 4 + width;
        Reserve(count * stride);
        if (_ends.Length < Count + count) Array.Resize(ref _ends, Math.Max(Count + count, 2 * _ends.Length));
        GatherSlots(bytes, slots, width, _bytes.AsSpan(_length, count * stride));
        var ends = _ends.AsSpan(Count, count);
        for (var k = 0; k < ends.Length; k++) ends[k] = _length += stride;
        Count += count;
    }

    /// <summary>
    /// The values of <paramref name="width"/> bytes (8 to 16) at <paramref name="slots"/> of <paramref name="bytes"/>
    /// (value i at slots[i] x width), PLAIN-encoded into <paramref name="destination"/> (4 + width bytes each): each
    /// moved as two overlapping 8-byte words and fetched some rows ahead (values read at random among a catalog's
    /// millions: a cache miss each, which then overlap). The slots are those of a <see cref="Utf8Column.OfSlots"/>
    /// column, which checked that each lies within the bytes (not again here: a pass over every row).
    /// </summary>
    public static unsafe void GatherSlots(byte[] bytes, ReadOnlySpan<int> slots, int width, Span<byte> destination)
    {
        if (width is < 8 or > 16 || !BitConverter.IsLittleEndian) throw new ArgumentOutOfRangeException(nameof(width));
        var count = slots.Length;
        var stride = 4 + width;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count * stride, nameof(destination));
        ref var from0 = ref MemoryMarshal.GetArrayDataReference(bytes);
        ref var to = ref MemoryMarshal.GetReference(destination);
        var prefetch = Sse.IsSupported;
        for (var k = 0; k < count; k++)
        {
            if (prefetch && k + PrefetchDistance < count)
            {
                // Not pinned: a prefetch never faults, and one at an address the GC has just moved only misses.
                ref var ahead = ref Unsafe.Add(ref from0, (nint)slots[k + PrefetchDistance] * width);
                Sse.Prefetch0(Unsafe.AsPointer(ref ahead));
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref ahead, width - 1)));   // the line of its last byte, when another
            }
            ref var from = ref Unsafe.Add(ref from0, (nint)slots[k] * width);
            var (head, tail) = (Unsafe.ReadUnaligned<ulong>(ref from), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, width - 8)));
            Unsafe.WriteUnaligned(ref to, width);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 4), head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, stride - 8), tail);
            to = ref Unsafe.Add(ref to, stride);
        }
    }

    /// <summary>Adds a null row.</summary>
    public void AddNull()
    {
        End(0);
        Nulls++;
    }

    /// <summary>True when row <paramref name="row"/> holds a value.</summary>
    public bool IsDefined(int row) => _ends[row] != Start(row);

    /// <summary>The PLAIN encoding of the values of rows [first, first + count), nulls left out.</summary>
    public ReadOnlySpan<byte> Plain(int first, int count) => count == 0 ? default : _bytes.AsSpan(Start(first), _ends[first + count - 1] - Start(first));

    private int Start(int row) => row == 0 ? 0 : _ends[row - 1];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int bytes)
    {
        if (_bytes.Length - _length < bytes) Array.Resize(ref _bytes, Math.Max(_length + bytes, 2 * _bytes.Length));
        return _bytes.AsSpan(_length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void End(int bytes)
    {
        if (Count == _ends.Length) Array.Resize(ref _ends, 2 * _ends.Length);
        _length += bytes;
        _ends[Count++] = _length;
    }
}
