using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Snappy decompression for the pages of a scan: one stream, or two independent streams in one loop, a tag of each in
/// turn. Where a tag starts is known only once the tag before it is read, so one stream decodes at the latency of that
/// chain (the identifier pages of the alert files: two tags per value, ~7 cycles each); two chains side by side keep
/// the core busy while either waits. Measured on the identifier pages of the peers' ZTF datalake (objectId and candid of
/// a row group, hot in the caches): 7.8-8.0 ns per row together against 11.8-12.2 with Snappier one page after the other; and
/// pages of literals only (positions) are copied once, straight into the target (Snappier went through a buffer of its
/// own: 46 against 14-19 GB/s). Two chains side by side are bound by the instructions of a tag rather than by its latency,
/// so objectId's copy-and-literal values take a path of fewer instructions (CopyAndLiteral: 3.7 against 5.1 ns per value
/// alone, 2.8 against 3.7 paired), and runs of consecutive ids eight units at a time (Run). docs/performance.md has the
/// figures. Every tag is checked: a stream that is not valid Snappy, or does not fill its target exactly, gives false,
/// and nothing outside the targets is written.
/// </summary>
internal static unsafe class SnappyDecoder
{
    // Step reads at most this far past a tag's start (the tag, a 60-byte literal moved as 64 bytes, slack) ...
    private const int InputSlack = 72;
    // ... moves past at most this many bytes (a 60-byte literal and its tag) ...
    private const int MaxTagInput = 61;
    // ... and writes at most this far (a copy is at most 64 bytes, a short literal is moved as 64).
    private const int OutputSlack = 64;

    /// <summary>Decompresses <paramref name="source"/> into all of <paramref name="target"/>.</summary>
    public static bool Decompress(ReadOnlySpan<byte> source, Span<byte> target)
    {
        fixed (byte* input = source, output = target)
        {
            var ip = input;
            return ReadLength(ref ip, input + source.Length, target.Length) && Rest(ip, input + source.Length, output, output, output + target.Length);
        }
    }

    /// <summary>Decompresses <paramref name="sourceA"/> into all of <paramref name="targetA"/> and <paramref name="sourceB"/> into all of <paramref name="targetB"/>.</summary>
    public static bool DecompressTwo(ReadOnlySpan<byte> sourceA, Span<byte> targetA, ReadOnlySpan<byte> sourceB, Span<byte> targetB)
    {
        fixed (byte* a = sourceA, a0 = targetA, b = sourceB, b0 = targetB)
        {
            byte* ia = a, ib = b, oa = a0, ob = b0;
            byte* aEnd = a + sourceA.Length, bEnd = b + sourceB.Length, oaEnd = a0 + targetA.Length, obEnd = b0 + targetB.Length;
            if (!ReadLength(ref ia, aEnd, targetA.Length) || !ReadLength(ref ib, bEnd, targetB.Length)) return false;
            // Runs of tags that cannot reach the ends (a tag reads at most MaxTagInput bytes and writes at most
            // OutputSlack); a tag that Step leaves (a long literal, or an invalid one) is decoded checked in between.
            // Room is counted as differences: a pointer below a short (or empty, null) buffer would wrap around.
            while (Math.Min(Math.Min(Steps(aEnd - ia, MaxTagInput, InputSlack), Steps(oaEnd - oa, OutputSlack, OutputSlack)),
                       Math.Min(Steps(bEnd - ib, MaxTagInput, InputSlack), Steps(obEnd - ob, OutputSlack, OutputSlack))) is var steps && steps > 0)
            {
                var stuck = Together(ref ia, ref oa, ref ib, ref ob, a0, b0, steps);
                if (stuck != 0 && !(stuck == 1 ? Unstick(ref ia, aEnd, ref oa, a0, oaEnd) : Unstick(ref ib, bEnd, ref ob, b0, obEnd))) return false;
            }
            return Rest(ia, aEnd, oa, a0, oaEnd) && Rest(ib, bEnd, ob, b0, obEnd);
        }
    }

    // How many tags surely fit in the room left, each taking at most perTag of it and needing slack beyond (0: none).
    private static long Steps(long room, int perTag, int slack) => room < slack ? 0 : (room - slack) / perTag + 1;

    // Both streams a tag at a time, for at most the given steps: 0, else which stream's tag Step left. Nothing is
    // called in the loop and the positions are locals: they stay in registers.
    private static int Together(ref byte* inA, ref byte* outA, ref byte* inB, ref byte* outB, byte* a0, byte* b0, long steps)
    {
        byte* ia = inA, oa = outA, ib = inB, ob = outB;
        var stuck = 0;
        fixed (ulong* copies = s_copyTags)
        {
            for (; steps > 0; steps--)
            {
                if (!CopyAndLiteral(ref ia, ref oa, a0, copies) && !Step(ref ia, ref oa, a0))
                {
                    stuck = 1;
                    break;
                }
                if (!CopyAndLiteral(ref ib, ref ob, b0, copies) && !Step(ref ib, ref ob, b0))
                {
                    stuck = 2;
                    break;
                }
            }
        }
        inA = ia;
        outA = oa;
        inB = ib;
        outB = ob;
        return stuck;
    }

    // The rest of one stream: roomy tags as above (Step, else Unstick), then every tag checked.
    private static bool Rest(byte* ip, byte* inEnd, byte* op, byte* outStart, byte* outEnd)
    {
        while (Math.Min(Steps(inEnd - ip, MaxTagInput, InputSlack), Steps(outEnd - op, OutputSlack, OutputSlack)) is var steps && steps > 0)
            if (!Alone(ref ip, ref op, outStart, steps) && !Unstick(ref ip, inEnd, ref op, outStart, outEnd)) return false;
        while (ip < inEnd)
            if (!CheckedTag(ref ip, inEnd, ref op, outStart, outEnd)) return false;
        return op == outEnd;
    }

    // One stream a tag at a time, for at most the given steps: false where Step left a tag. As in Together, nothing
    // is called in the loop and the positions are locals, so they stay in registers (Rest's own, passed by reference
    // to Unstick, went through memory on every tag: objectId's pages alone 5.9 -> 5.3 ns per row).
    private static bool Alone(ref byte* input, ref byte* output, byte* outStart, long steps)
    {
        byte* ip = input, op = output;
        var done = true;
        fixed (ulong* copies = s_copyTags)
        {
            for (; steps > 0; steps--)
            {
                if (!CopyAndLiteral(ref ip, ref op, outStart, copies) && !Step(ref ip, ref op, outStart))
                {
                    done = false;
                    break;
                }
            }
        }
        input = ip;
        output = op;
        return done;
    }

    // The stream's preamble: its uncompressed length (a varint), which must be the target's.
    private static bool ReadLength(ref byte* ip, byte* end, int expected)
    {
        ulong length = 0;
        for (var shift = 0; shift <= 28; shift += 7)
        {
            if (ip >= end) return false;
            var b = *ip++;
            length |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return length == (ulong)expected;
        }
        return false;
    }

    // What Step leaves: a run of 64-bit values (Run), else one tag checked.
    private static bool Unstick(ref byte* input, byte* inEnd, ref byte* output, byte* outStart, byte* outEnd) =>
        Run(ref input, inEnd, ref output, outStart, outEnd) || CheckedTag(ref input, inEnd, ref output, outStart, outEnd);

    // What CopyAndLiteral needs of a copy tag with a 1- or 2-byte offset and at most 16 bytes long, by tag: bits 0-15
    // the offset's bits the tag holds (1-byte offsets: 3 high bits), 16-31 the mask of the offset's bits in the bytes
    // after the tag, 32-39 the length, 40-47 where the next tag is in those bytes (bit 8 or 16), 48-55 where a literal
    // after it starts (past the tag). 0 for any other tag: a literal, a 4-byte offset, a longer copy.
    private static readonly ulong[] s_copyTags = CopyTags();

    private static ulong[] CopyTags()
    {
        var tags = new ulong[256];
        for (var tag = 0u; tag < 256; tag++)
        {
            if ((tag & 3) == 1) tags[tag] = ((tag >> 5) << 8) | (0xffUL << 16) | ((((tag >> 2) & 7) + 4UL) << 32) | (8UL << 40) | (3UL << 48);
            else if ((tag & 3) == 2 && (tag >> 2) + 1 <= 16) tags[tag] = (0xffffUL << 16) | (((tag >> 2) + 1UL) << 32) | (16UL << 40) | (4UL << 48);
        }
        return tags;
    }

    // A copy (1- or 2-byte offset, 16 bytes back or more, at most 16 long) and the short literal after it, as Snappy
    // writes each value of objectId's pages; false, with nothing done, for anything else (Step then takes the tag). The
    // copy's fields come from a table (a few loads) rather than Step's arithmetic on the tag (~20 instructions), and the
    // next tag's place is chosen from both kinds' by a mask (a ternary becomes a branch in a loop): the chain from tag to
    // tag is a load, a shift, an add and a blend. objectId's pages, two side by side: 2.8 against Step's 3.7 ns per value
    // (docs/performance.md). Reads at most 20 bytes past the tag and writes at most 32 past the output: within the slacks.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CopyAndLiteral(ref byte* input, ref byte* output, byte* outStart, ulong* copies)
    {
        byte* ip = input, op = output;
        nuint tag = *ip;
        var fields = (byte*)(copies + tag);
        var after = Unsafe.ReadUnaligned<uint>(ip + 1);
        nuint length = fields[4];
        var next = after >> fields[5];   // the literal's tag in the low byte
        if (length == 0 || (next & 0xc3) != 0) return false;   // not such a copy, or no literal of at most 16 bytes next
        nuint offset = (after & *(ushort*)(fields + 2)) | *(ushort*)fields;
        var from = op - offset;
        if (offset < 16 || from < outStart) return false;   // a pattern shorter than the vector, or before the start
        Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(from));
        Unsafe.WriteUnaligned(op + length, Unsafe.ReadUnaligned<Vector128<byte>>(ip + fields[6]));
        output = op + length + 1 + (((nuint)next & 0xff) >> 2);
        // Past the literal when the copy's offset is 1 byte (tag bit 1 clear) or 2.
        nuint afterOne = (nuint)ip + 4 + ((nuint)ip[2] >> 2), afterTwo = (nuint)ip + 5 + ((nuint)ip[3] >> 2);
        var two = (nuint)((nint)(tag << (8 * sizeof(nint) - 2)) >> (8 * sizeof(nint) - 1));
        input = (byte*)((afterOne & ~two) | (afterTwo & two));
        return true;
    }

    // One tag of a roomy stream; false, with nothing done, for a long literal or a copy from before the start, and
    // false after a copy that a run follows (the position past the copy: Run's). Short literals and copies move whole
    // vectors (bytes past the tag's end are written again by the tags after it, and stay within the target by the
    // output slack).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Step(ref byte* input, ref byte* output, byte* outStart)
    {
        byte* ip = input, op = output;
        uint tag = *ip;
        if ((tag & 3) == 0)
        {
            var literal = (tag >> 2) + 1;
            if (literal > 60) return false;   // 1 to 4 bytes of length follow the tag: CheckedTag
            Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(ip + 1));
            if (literal > 16)
            {
                Unsafe.WriteUnaligned(op + 16, Unsafe.ReadUnaligned<Vector128<byte>>(ip + 17));
                Unsafe.WriteUnaligned(op + 32, Unsafe.ReadUnaligned<Vector128<byte>>(ip + 33));
                Unsafe.WriteUnaligned(op + 48, Unsafe.ReadUnaligned<Vector128<byte>>(ip + 49));
            }
            output = op + literal;
            input = ip + literal + 1;
            return true;
        }
        // A copy: its kind (a 1- or a 2-byte offset, mixed at random in objectId's pages) chosen by masks, not by a
        // branch that would be mispredicted about a third of the time; 4-byte offsets are left to CheckedTag.
        if ((tag & 3) == 3) return false;
        var after = Unsafe.ReadUnaligned<uint>(ip + 1);
        var two = (tag >> 1) & 1;
        var twoMask = 0u - two;
        var oneLength = ((tag >> 2) & 7) + 4;
        var length = oneLength ^ ((oneLength ^ ((tag >> 2) + 1)) & twoMask);
        var offset = ((((tag >> 5) << 8) | (after & 0xff)) & ~twoMask) | (after & 0xffff & twoMask);
        var size = 2 + two;
        // A copy of earlier output: never from before the start (nor offset 0); a pattern shorter than 8 bytes
        // repeated is left to CheckedTag (byte by byte).
        if (offset < 8 || offset > (ulong)(op - outStart)) return false;
        var from = op - offset;
        if (offset >= 16)
        {
            // Each 16-byte piece reads only bytes written before it.
            Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(from));
            // A short literal next (objectId's pages: a copy then a literal per value) is taken in the same step: its tag
            // is among the bytes read after the copy's, so the chain from tag to tag skips a load (objectId's page alone
            // 5.2 -> 4.6 ns per row). At most 16 + 16 bytes written, 20 read: within the slacks.
            var next = (after >> (int)(8 + 8 * two)) & 0xff;
            if ((next & 3) == 0 && next < (16 << 2) && length <= 16)
            {
                var literal = (next >> 2) + 1;
                Unsafe.WriteUnaligned(op + length, Unsafe.ReadUnaligned<Vector128<byte>>(ip + size + 1));
                output = op + length + literal;
                input = ip + size + 1 + literal;
                return true;
            }
            if (length > 16)
            {
                Unsafe.WriteUnaligned(op + 16, Unsafe.ReadUnaligned<Vector128<byte>>(from + 16));
                if (length > 32)
                {
                    Unsafe.WriteUnaligned(op + 32, Unsafe.ReadUnaligned<Vector128<byte>>(from + 32));
                    Unsafe.WriteUnaligned(op + 48, Unsafe.ReadUnaligned<Vector128<byte>>(from + 48));
                }
            }
        }
        else
        {
            for (uint k = 0; k < length; k += 8) Unsafe.WriteUnaligned(op + k, Unsafe.ReadUnaligned<ulong>(from + k));
            // The copy of a run's unit, the next unit's tags the same: done, and Run takes the rest (false, the
            // position past this copy). Reads at most 9 bytes past the tag, within the input slack.
            if (offset == 8 && size == 2 && length <= 7 && ip[2] == (7 - length) << 2 && Unsafe.ReadUnaligned<ushort>(ip + 11 - length) == (ushort)(tag | (8 << 8)))
            {
                output = op + length;
                input = ip + size;
                return false;
            }
        }
        output = op + length;
        input = ip + size;
        return true;
    }

    // A run: the longest literal Run takes, and the 2-byte copy tag that follows it in each unit (a copy of the
    // rest of an 8-byte value from offset 8).
    private const int RunLiteralMax = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort RunCopy(uint literal) => (ushort)(((4 - literal) << 2) | 1 | (8 << 8));

    // A run of 8-byte values that differ from the one before only in their first (least significant) n bytes, n at most
    // 4, as Snappy compresses ascending 64-bit ids (the alerts' candid, diaSourceId): units of a literal of n bytes and
    // a copy of 8 - n bytes from offset 8, tag for tag the same. Each value of the run is the 8 bytes before it with
    // its first n bytes replaced by the unit's literal, so the units are decoded without waiting on one another (tag by
    // tag, each copy reads what the tag before wrote: a chain through memory). Every unit's tags are checked and no
    // byte is read or written past the ends; the bytes are those tag-by-tag decoding gives. False, with nothing done,
    // when no unit of a run starts here.
    private static bool Run(ref byte* input, byte* inEnd, ref byte* output, byte* outStart, byte* outEnd)
    {
        byte* ip = input, op = output;
        if (inEnd - ip < 9 || op - outStart < 8) return false;
        uint tag = *ip;
        var literal = (tag >> 2) + 1;
        if ((tag & 3) != 0 || literal > RunLiteralMax) return false;
        var copy = RunCopy(literal);
        var unit = (int)literal + 3;
        var fresh = (1UL << (int)(8 * literal)) - 1;
        var kept = Unsafe.ReadUnaligned<ulong>(op - 8) & ~fresh;
        // Each unit reads 8 bytes from its literal on (ip + 1 to ip + 8) and writes 8.
        var units = Math.Min((inEnd - ip - 9) / unit + 1, (outEnd - op) / 8);
        long k = 0;
        if (literal == 1 && Vector256.IsHardwareAccelerated)
        {
            // Units of 4 bytes (consecutive ids: the first byte changes), eight at a time: a tag, the new byte, the
            // copy's tag and offset in each 32-bit lane, checked at once; the new bytes widened into the kept ones.
            // Reads 32 bytes from a unit whose last byte read by the scalar loop would be 36 past it: within the input.
            var keptValues = Vector256.Create(kept);
            for (; k + 8 <= units; k += 8, ip += 32, op += 64)
            {
                var tags = Vector256.Load((uint*)ip);
                if ((tags & Vector256.Create(0xffff00ffu)) != Vector256.Create((uint)copy << 16)) break;
                var fresh8 = (tags >> 8) & Vector256.Create(0xffu);
                Vector256.Store(Vector256.WidenLower(fresh8) | keptValues, (ulong*)op);
                Vector256.Store(Vector256.WidenUpper(fresh8) | keptValues, (ulong*)(op + 32));
            }
        }
        for (; k < units; k++, ip += unit, op += 8)
        {
            if (*ip != tag || Unsafe.ReadUnaligned<ushort>(ip + 1 + literal) != copy) break;
            Unsafe.WriteUnaligned(op, kept | (Unsafe.ReadUnaligned<ulong>(ip + 1) & fresh));
        }
        if (k == 0) return false;
        input = ip;
        output = op;
        return true;
    }

    // One tag, every read and write checked against the ends.
    private static bool CheckedTag(ref byte* input, byte* inEnd, ref byte* output, byte* outStart, byte* outEnd)
    {
        var ip = input;
        var op = output;
        if (ip >= inEnd) return false;
        uint tag = *ip++;
        ulong length;
        if ((tag & 3) == 0)
        {
            length = (tag >> 2) + 1;
            if (length > 60)
            {
                var lengthBytes = (int)length - 60;
                if (lengthBytes > inEnd - ip) return false;
                length = 0;
                for (var i = 0; i < lengthBytes; i++) length |= (ulong)ip[i] << (8 * i);
                length++;
                ip += lengthBytes;
            }
            if (length > (ulong)(inEnd - ip) || length > (ulong)(outEnd - op)) return false;
            Buffer.MemoryCopy(ip, op, length, length);
            input = ip + length;
            output = op + length;
            return true;
        }
        var extra = (tag & 3) == 1 ? 1 : (tag & 3) == 2 ? 2 : 4;
        if (extra > inEnd - ip) return false;
        ulong offset;
        if ((tag & 3) == 1) (length, offset) = (((tag >> 2) & 7) + 4, ((tag >> 5) << 8) | ip[0]);
        else if ((tag & 3) == 2) (length, offset) = ((tag >> 2) + 1, Unsafe.ReadUnaligned<ushort>(ip));
        else (length, offset) = ((tag >> 2) + 1, Unsafe.ReadUnaligned<uint>(ip));
        if (offset - 1 >= (ulong)(op - outStart) || length > (ulong)(outEnd - op)) return false;
        var from = op - offset;
        for (ulong k = 0; k < length; k++) op[k] = from[k];
        input = ip + extra;
        output = op + length;
        return true;
    }
}
