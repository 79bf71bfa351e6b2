using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Snappy compression of a PLAIN data page that knows where its values are: each value is compared with the value
/// before it, and the bytes they share at its start (a text's length and common prefix: <c>ZTF24</c>...) and at its end
/// (a little-endian number's high bytes) become copies of that value, the rest literals; a value that repeats the one
/// before it (and a run of them) is one copy. No hash table and no search: two 8-byte comparisons per value, where
/// Snappier's general compressor hashes every few bytes (measured on result pages: ~50 ns per result row of the 10 M
/// sources at 60" job, a third of its write stage). On such pages it finds what a general Snappy compressor finds
/// (the values' repeated prefixes and high bytes); matches elsewhere in the page are left as literals. The output is a
/// plain Snappy stream (any decoder reads it); any input is accepted, whatever its layout: the layout only decides
/// where matches are looked for.
/// </summary>
internal static class SnappyPageEncoder
{
    /// <summary>The most bytes <see cref="Compress"/> writes for <paramref name="length"/> bytes of input.</summary>
    public static int MaxCompressedLength(int length) => 32 + length + length / 6;

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxCompressedLength"/> bytes) and returns the bytes written.
    /// </summary>
    /// <param name="valuesStart">Where the values start; the bytes before it (definition levels) are compared 8 at a time with the 8 before.</param>
    /// <param name="width">Bytes per value of a fixed-width column; 0: BYTE_ARRAY values, each a 4-byte little-endian length and its bytes.</param>
    public static int Compress(ReadOnlySpan<byte> source, int valuesStart, int width, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MaxCompressedLength(source.Length), nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        valuesStart = Math.Clamp(valuesStart, 0, source.Length);
        var w = new Writer(source, destination);
        w.Length((uint)source.Length);
        Fixed(ref w, source, 0, valuesStart, 8);
        if (width > 0) Fixed(ref w, source, valuesStart, source.Length, width);
        else ByteArrays(ref w, source, valuesStart);
        return w.Finish(source.Length);
    }

    // Values of `width` bytes over [start, end), the last one possibly shorter.
    private static void Fixed(ref Writer w, ReadOnlySpan<byte> source, int start, int end, int width)
    {
        if (width >= MaxOffset) return;
        for (var s = start; s < end; s += width)
            if (s >= width) Value(ref w, source, s, Math.Min(s + width, end), width);
    }

    // PLAIN byte arrays from `start`; a length that runs past the end leaves the rest as it is (literals).
    private static void ByteArrays(ref Writer w, ReadOnlySpan<byte> source, int start)
    {
        var previous = -1;
        for (var s = start; s <= source.Length - 4;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(source[s..]);
            if (length < 0 || length > source.Length - s - 4) return;
            var end = s + 4 + length;
            if (previous >= 0 && s - previous < MaxOffset) Value(ref w, source, s, end, s - previous);
            previous = s;
            s = end;
        }
    }

    // One value [s, e) against the bytes `distance` before it: its shared start and its shared end become copies.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Value(ref Writer w, ReadOnlySpan<byte> source, int s, int e, int distance)
    {
        var prefix = SharedStart(source, s, e, distance);
        w.Copy(s, s + prefix, distance);
        if (s + prefix == e) return;
        var suffix = SharedEnd(source, s + prefix, e, distance);
        w.Copy(e - suffix, e, distance);
    }

    // How many bytes from `from` (up to `end`) equal those `distance` before them.
    private static int SharedStart(ReadOnlySpan<byte> source, int from, int end, int distance)
    {
        ref var b = ref MemoryMarshal.GetReference(source);
        var n = from;
        for (; n <= end - 8; n += 8)
        {
            var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - distance));
            if (x != 0) return n - from + BitOperations.TrailingZeroCount(x) / 8;
        }
        while (n < end && Unsafe.Add(ref b, n) == Unsafe.Add(ref b, n - distance)) n++;
        return n - from;
    }

    // How many bytes before `end` (down to `from`) equal those `distance` before them.
    private static int SharedEnd(ReadOnlySpan<byte> source, int from, int end, int distance)
    {
        ref var b = ref MemoryMarshal.GetReference(source);
        var n = end;
        for (; n - 8 >= from; n -= 8)
        {
            var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - 8)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - 8 - distance));
            if (x != 0) return end - n + BitOperations.LeadingZeroCount(x) / 8;
        }
        while (n > from && Unsafe.Add(ref b, n - 1) == Unsafe.Add(ref b, n - 1 - distance)) n--;
        return end - n;
    }

    // Copies with 2-byte offsets at most: a longer one would cost as much as the 4 bytes it saves.
    private const int MaxOffset = 1 << 16;

    // The stream as it is written: what is not yet written is a pending copy (extended while the next one continues
    // it at the same distance) followed by a literal up to where the next copy starts.
    private ref struct Writer(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private readonly Span<byte> _out = destination;
        private int _at;
        private int _literal;                          // first source byte not yet written (a literal from there)
        private int _copyStart, _copyEnd, _distance;   // the pending copy, if _copyEnd > _copyStart (then _copyEnd == _literal)

        public void Length(uint length)
        {
            while (length >= 0x80)
            {
                _out[_at++] = (byte)(length | 0x80);
                length >>= 7;
            }
            _out[_at++] = (byte)length;
        }

        // Bytes [start, end) as a copy of those `distance` before: extends the pending copy when it ends at start with
        // the same distance, else starts one if it is at least 4 bytes long (shorter ones stay literals).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Copy(int start, int end, int distance)
        {
            if (end <= start) return;
            if (_copyEnd > _copyStart && _copyEnd == start && _distance == distance)
            {
                _copyEnd = _literal = end;
                return;
            }
            if (end - start < 4) return;
            FlushCopy();
            LiteralUpTo(start);
            (_copyStart, _copyEnd, _distance, _literal) = (start, end, distance, end);
        }

        public int Finish(int end)
        {
            FlushCopy();
            LiteralUpTo(end);
            return _at;
        }

        private void FlushCopy()
        {
            var length = _copyEnd - _copyStart;
            if (length <= 0) return;
            while (length >= 68)
            {
                CopyTag(64);
                length -= 64;
            }
            if (length > 64)
            {
                CopyTag(60);
                length -= 60;
            }
            CopyTag(length);
            _copyStart = _copyEnd;
        }

        // One copy tag of 4 to 64 bytes: 2 bytes when it is short and near, else 3.
        private void CopyTag(int length)
        {
            if (length < 12 && _distance < 2048)
            {
                _out[_at] = (byte)(1 | ((length - 4) << 2) | ((_distance >> 8) << 5));
                _out[_at + 1] = (byte)_distance;
                _at += 2;
            }
            else
            {
                _out[_at] = (byte)(2 | ((length - 1) << 2));
                BinaryPrimitives.WriteUInt16LittleEndian(_out[(_at + 1)..], (ushort)_distance);
                _at += 3;
            }
        }

        private void LiteralUpTo(int end)
        {
            var length = end - _literal;
            if (length <= 0) return;
            var n = (uint)(length - 1);
            if (n < 60) _out[_at++] = (byte)(n << 2);
            else
            {
                var bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
                _out[_at++] = (byte)((59 + bytes) << 2);
                for (var i = 0; i < bytes; i++) _out[_at++] = (byte)(n >> (8 * i));
            }
            _source.Slice(_literal, length).CopyTo(_out[_at..]);
            _at += length;
            _literal = end;
        }
    }
}
