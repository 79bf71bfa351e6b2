using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Snappy compression of a PLAIN data page that knows where its values are: each value is compared with the value
/// before it, and the bytes they share at its start (a text's length and common prefix: <c>ZTF24</c>...) and at its end
/// (a little-endian number's high bytes) become copies of that value, the rest literals; a value that repeats the one
/// before it (and a run of them) is one copy. No hash table and no search: one or two 8-byte comparisons per value,
/// where Snappier's general compressor hashes every few bytes (measured on result pages: objectId 17 ns per value,
/// catalog identifiers 33, candid 15). Matches elsewhere in the page are not looked for: Snappier finds more in text
/// whose values share little with the one before (random catalog identifiers: 115 against 162 kB of 229 kB). The
/// output is a plain Snappy stream (any decoder reads it); any input is accepted, whatever its layout: the layout only
/// decides where matches are looked for.
/// </summary>
internal static unsafe class SnappyPageEncoder
{
    // A literal of at most this many bytes is moved as one 16-byte block (when the source and the target have room).
    private const int ShortLiteral = 16;

    /// <summary>The most bytes <see cref="Compress"/> writes for <paramref name="length"/> bytes of input.</summary>
    public static int MaxCompressedLength(int length) => 32 + length + length / 6;

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxCompressedLength"/> bytes) and returns the bytes written.
    /// </summary>
    /// <param name="valuesStart">Where the values start; the bytes before it (definition levels) are compared 8 at a time with the 8 before.</param>
    /// <param name="width">Bytes per value of a fixed-width column; 0: BYTE_ARRAY values, each a 4-byte little-endian length and its bytes.</param>
    /// <param name="oneLengthStride">
    /// BYTE_ARRAY values known to be all of one length: 4 + that length (the same output; their lengths are then not
    /// read to find out); 0: not known.
    /// </param>
    public static int Compress(ReadOnlySpan<byte> source, int valuesStart, int width, Span<byte> destination, int oneLengthStride = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MaxCompressedLength(source.Length), nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        valuesStart = Math.Clamp(valuesStart, 0, source.Length);
        fixed (byte* src = source, dst = destination)
        {
            var w = new Writer(src, source.Length, dst, destination.Length);
            w.Length((uint)source.Length);
            Fixed(ref w, src, 0, valuesStart, 8);
            if (width > 0) Fixed(ref w, src, valuesStart, source.Length, width);
            else ByteArrays(ref w, src, valuesStart, source.Length, oneLengthStride);
            return w.Finish();
        }
    }

    // Values of `width` bytes over [start, end), the last one possibly shorter.
    private static void Fixed(ref Writer w, byte* src, int start, int end, int width)
    {
        if (width >= MaxOffset) return;
        var s = start;
        if (s < width) s += width;   // the first value has none before it
        if (width == 8)
        {
            // Values that share nothing with the one before (random doubles: separations) are looked at less and less
            // often, as Snappy does: after 32 such values, one in (misses / 32); a value with a copy resets it.
            var misses = 0;
            for (; s <= end - 8; s += 8)
            {
                // One comparison: the shared low bytes are its start, the shared high bytes its end.
                var x = Unsafe.ReadUnaligned<ulong>(src + s) ^ Unsafe.ReadUnaligned<ulong>(src + s - 8);
                var (low, high) = (BitOperations.TrailingZeroCount(x) / 8, BitOperations.LeadingZeroCount(x) / 8);
                if (low < 4 && high < 4 && !w.Continues(s))
                {
                    misses++;
                    s += 8 * Math.Min(misses >> 5, 64);
                    continue;
                }
                misses = 0;
                if (x == 0)
                {
                    w.Copy(s, s + 8, 8);
                    continue;
                }
                w.Copy(s, s + low, 8);
                w.Copy(s + 8 - high, s + 8, 8);
            }
        }
        for (; s < end; s += width) Value(ref w, src, s, Math.Min(s + width, end), width);
    }

    // PLAIN byte arrays over [start, end); a length that runs past the end leaves the rest as it is (literals).
    private static void ByteArrays(ref Writer w, byte* src, int start, int end, int knownStride)
    {
        if (OneLength(src, start, end, knownStride) is var stride and > 0)
        {
            w.OneLengthValues(start, end, stride);
            return;
        }
        var previous = -1;
        for (var s = start; s <= end - 4;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(src + s, 4));
            if (length < 0 || length > end - s - 4) return;
            var e = s + 4 + length;
            if (previous >= 0 && s - previous < MaxOffset) Value(ref w, src, s, e, s - previous);
            previous = s;
            s = e;
        }
    }

    // The stride of PLAIN byte arrays over [start, end) that all have the first one's length (identifiers: objectId,
    // a catalog's), at least two of them, close enough for 2-byte offsets; else 0. One load per value, nothing waits on
    // it; none when the caller knows the stride (`known`, checked against the first length).
    private static int OneLength(byte* src, int start, int end, int known)
    {
        if (end - start < 8 || !BitConverter.IsLittleEndian) return 0;
        var length = Unsafe.ReadUnaligned<int>(src + start);
        if (length < 0 || length > MaxOffset - 5 || (end - start) % (length + 4) != 0) return 0;
        var stride = length + 4;
        var mismatch = known > 0 && known != stride ? 1 : 0;
        if (known == 0)
            for (var s = start + stride; s < end; s += stride) mismatch |= Unsafe.ReadUnaligned<int>(src + s) ^ length;
        return mismatch == 0 && end - start >= 2 * stride ? stride : 0;
    }

    // One value [s, e) against the bytes `distance` before it: its shared start and its shared end become copies.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Value(ref Writer w, byte* src, int s, int e, int distance)
    {
        var prefix = SharedStart(src, s, e, distance);
        w.Copy(s, s + prefix, distance);
        if (s + prefix == e) return;
        w.Copy(e - SharedEnd(src, s + prefix, e, distance), e, distance);
    }

    // How many bytes from `from` (up to `end`) equal those `distance` before them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SharedStart(byte* src, int from, int end, int distance)
    {
        var n = from;
        for (; n <= end - 8; n += 8)
        {
            var x = Unsafe.ReadUnaligned<ulong>(src + n) ^ Unsafe.ReadUnaligned<ulong>(src + n - distance);
            if (x != 0) return n - from + BitOperations.TrailingZeroCount(x) / 8;
        }
        while (n < end && src[n] == src[n - distance]) n++;
        return n - from;
    }

    // How many bytes before `end` (down to `from`) equal those `distance` before them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SharedEnd(byte* src, int from, int end, int distance)
    {
        var n = end;
        for (; n - 8 >= from; n -= 8)
        {
            var x = Unsafe.ReadUnaligned<ulong>(src + n - 8) ^ Unsafe.ReadUnaligned<ulong>(src + n - 8 - distance);
            if (x != 0) return end - n + BitOperations.LeadingZeroCount(x) / 8;
        }
        while (n > from && src[n - 1] == src[n - 1 - distance]) n--;
        return end - n;
    }

    // Copies with 2-byte offsets at most: a longer one would cost as much as the 4 bytes it saves.
    private const int MaxOffset = 1 << 16;

    // The stream as it is written: what is not yet written is a pending copy (extended while the next one continues
    // it at the same distance) followed by a literal up to where the next copy starts.
    private struct Writer(byte* source, int sourceLength, byte* destination, int destinationLength)
    {
        private readonly byte* _source = source;
        private readonly byte* _out = destination;
        private readonly int _sourceLength = sourceLength, _outLength = destinationLength;
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

        /// <summary>True when a pending copy ends at <paramref name="start"/> (a copy from there would extend it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Continues(int start) => _copyEnd == start && _copyEnd > _copyStart;

        // Bytes [start, end) as a copy of those `distance` before: extends the pending copy when it ends at start with
        // the same distance, else starts one if it is at least 4 bytes long (shorter ones stay literals).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Copy(int start, int end, int distance)
        {
            if (end - start <= 0) return;
            if (_copyEnd == start && _distance == distance && _copyEnd > _copyStart)
            {
                _copyEnd = _literal = end;
                return;
            }
            if (end - start >= 4) StartCopy(start, end, distance);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void StartCopy(int start, int end, int distance)
        {
            FlushCopy();
            LiteralUpTo(start);
            (_copyStart, _copyEnd, _distance, _literal) = (start, end, distance, end);
        }

        /// <summary>
        /// Values of one <paramref name="stride"/> over [<paramref name="start"/>, <paramref name="end"/>) (PLAIN byte
        /// arrays of one length), each against the one before, as <see cref="Value"/> and <see cref="Copy"/> would
        /// write them, with the stream's state in locals: through the struct, each step stored and loaded its fields.
        /// </summary>
        public void OneLengthValues(int start, int end, int stride)
        {
            FlushCopy();
            var src = _source;
            var op = _out + _at;
            var literal = _literal;
            int copyStart = 0, copyEnd = 0;   // the pending copy (at distance stride), if copyEnd > copyStart
            // Values of 8 to 16 bytes with their length (identifiers): the shared start and end from two words that
            // cover the value, without a branch on the bytes (which a loop over them mispredicted about once a value).
            var twoWords = stride is >= 8 and <= 16;
            for (var s = start + stride; s < end; s += stride)
            {
                var e = s + stride;
                int prefix, suffix;
                if (twoWords)
                {
                    var head = Unsafe.ReadUnaligned<ulong>(src + s) ^ Unsafe.ReadUnaligned<ulong>(src + s - stride);
                    var tail = Unsafe.ReadUnaligned<ulong>(src + e - 8) ^ Unsafe.ReadUnaligned<ulong>(src + e - 8 - stride);
                    // The words overlap: where one is equal throughout, the other tells where the first (last) difference is.
                    prefix = head != 0 ? BitOperations.TrailingZeroCount(head) >> 3 : stride - 8 + (BitOperations.TrailingZeroCount(tail) >> 3);
                    suffix = tail != 0 ? BitOperations.LeadingZeroCount(tail) >> 3 : stride - 8 + (BitOperations.LeadingZeroCount(head) >> 3);
                }
                else
                {
                    prefix = SharedStart(src, s, e, stride);
                    suffix = prefix == stride ? 0 : SharedEnd(src, s + prefix, e, stride);
                }
                if (prefix > 0 && copyEnd == s && copyEnd > copyStart) copyEnd = literal = s + prefix;
                else if (prefix >= 4)
                {
                    op = Literal(CopyTags(op, copyEnd - copyStart, stride), literal, s);
                    (copyStart, copyEnd, literal) = (s, s + prefix, s + prefix);
                }
                if (s + prefix == e || suffix < 4) continue;
                op = Literal(CopyTags(op, copyEnd - copyStart, stride), literal, e - suffix);
                (copyStart, copyEnd, literal) = (e - suffix, e, e);
            }
            op = CopyTags(op, copyEnd - copyStart, stride);
            (_at, _literal, _copyStart, _copyEnd) = ((int)(op - _out), literal, literal, literal);
        }

        // Copy tags of `length` bytes (none when it is not positive) at `distance`, as FlushCopy writes them.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static byte* CopyTags(byte* op, int length, int distance)
        {
            if (length <= 0) return op;
            for (; length >= 68; length -= 64) op = CopyTag(op, 64, distance);
            if (length > 64)
            {
                op = CopyTag(op, 60, distance);
                length -= 60;
            }
            return CopyTag(op, length, distance);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static byte* CopyTag(byte* op, int length, int distance)
        {
            if (length < 12 && distance < 2048)
            {
                op[0] = (byte)(1 | ((length - 4) << 2) | ((distance >> 8) << 5));
                op[1] = (byte)distance;
                return op + 2;
            }
            op[0] = (byte)(2 | ((length - 1) << 2));
            op[1] = (byte)distance;
            op[2] = (byte)(distance >> 8);
            return op + 3;
        }

        // The source bytes [from, to) as a literal at op, as LiteralUpTo writes them.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly byte* Literal(byte* op, int from, int to)
        {
            var length = to - from;
            if (length <= 0) return op;
            if (length <= ShortLiteral && from + ShortLiteral <= _sourceLength && op + 1 + ShortLiteral <= _out + _outLength)
            {
                op[0] = (byte)((length - 1) << 2);
                Unsafe.CopyBlockUnaligned(op + 1, _source + from, ShortLiteral);
                return op + 1 + length;
            }
            var n = (uint)(length - 1);
            if (n < 60) *op++ = (byte)(n << 2);
            else
            {
                var bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
                *op++ = (byte)((59 + bytes) << 2);
                for (var i = 0; i < bytes; i++) *op++ = (byte)(n >> (8 * i));
            }
            Buffer.MemoryCopy(_source + from, op, _out + _outLength - op, length);
            return op + length;
        }

        public int Finish()
        {
            FlushCopy();
            LiteralUpTo(_sourceLength);
            return _at;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void FlushCopy()
        {
            var length = _copyEnd - _copyStart;
            if (length <= 0) return;
            if (length <= 64) CopyTag(length);
            else LongCopy(length);
            _copyStart = _copyEnd;
        }

        private void LongCopy(int length)
        {
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
        }

        // One copy tag of 4 to 64 bytes: 2 bytes when it is short and near, else 3.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void CopyTag(int length)
        {
            var op = _out + _at;
            if (length < 12 && _distance < 2048)
            {
                op[0] = (byte)(1 | ((length - 4) << 2) | ((_distance >> 8) << 5));
                op[1] = (byte)_distance;
                _at += 2;
            }
            else
            {
                op[0] = (byte)(2 | ((length - 1) << 2));
                op[1] = (byte)_distance;
                op[2] = (byte)(_distance >> 8);
                _at += 3;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void LiteralUpTo(int end)
        {
            var length = end - _literal;
            if (length <= 0) return;
            // A short literal moved as one block: the bytes written past it are overwritten by what follows.
            if (length <= ShortLiteral && _literal + ShortLiteral <= _sourceLength && _at + 1 + ShortLiteral <= _outLength)
            {
                _out[_at] = (byte)((length - 1) << 2);
                Unsafe.CopyBlockUnaligned(_out + _at + 1, _source + _literal, ShortLiteral);
                _at += 1 + length;
                _literal = end;
                return;
            }
            LongLiteral(end);
        }

        private void LongLiteral(int end)
        {
            var length = end - _literal;
            var n = (uint)(length - 1);
            if (n < 60) _out[_at++] = (byte)(n << 2);
            else
            {
                var bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
                _out[_at++] = (byte)((59 + bytes) << 2);
                for (var i = 0; i < bytes; i++) _out[_at++] = (byte)(n >> (8 * i));
            }
            Buffer.MemoryCopy(_source + _literal, _out + _at, _outLength - _at, length);
            _at += length;
            _literal = end;
        }
    }
}
