using System.Buffers.Binary;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The start of a Snappy block decoded from the first bytes of its compressed form: what a preview of a page's first
/// values needs, where <see cref="SnappyDecoder"/> decodes whole blocks (a catalog's 14 MB identifier page for ten
/// values). One tag at a time with every bound checked: it decodes kilobytes, not megabytes.
/// </summary>
internal static class SnappyPrefix
{
    /// <summary>
    /// Decodes the block whose first bytes are <paramref name="source"/> into <paramref name="target"/> until the target
    /// is full or the source ends (a tag cut short by the source's end: as much of it as is at hand). The bytes written,
    /// the block's first ones (no more than the block declares); -1 when the bytes are not Snappy (a copy from before
    /// the block's start, a length or offset past the int range).
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var pos = 0;
        ulong declared = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (pos >= source.Length) return 0;
            if (shift > 28) return -1;
            var b = source[pos++];
            declared |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        var room = (int)Math.Min((ulong)target.Length, declared);
        var op = 0;
        while (pos < source.Length && op < room)
        {
            var tag = source[pos];
            int length, offset;
            switch (tag & 3)
            {
                case 0:
                    length = (tag >> 2) + 1;
                    var extra = length > 60 ? length - 60 : 0;
                    if (pos + 1 + extra > source.Length) return op;
                    if (extra > 0)
                    {
                        length = 0;
                        for (var k = 0; k < extra; k++) length |= source[pos + 1 + k] << (8 * k);
                        if (length < 0 || length == int.MaxValue) return -1;
                        length++;
                    }
                    pos += 1 + extra;
                    var literal = Math.Min(length, Math.Min(source.Length - pos, room - op));
                    source.Slice(pos, literal).CopyTo(target[op..]);
                    (pos, op) = (pos + literal, op + literal);
                    if (literal < length && op < room) return op;   // the source ends inside this literal
                    continue;
                case 1:
                    if (pos + 2 > source.Length) return op;
                    (length, offset) = (4 + ((tag >> 2) & 7), ((tag >> 5) << 8) | source[pos + 1]);
                    pos += 2;
                    break;
                case 2:
                    if (pos + 3 > source.Length) return op;
                    (length, offset) = ((tag >> 2) + 1, BinaryPrimitives.ReadUInt16LittleEndian(source[(pos + 1)..]));
                    pos += 3;
                    break;
                default:
                    if (pos + 5 > source.Length) return op;
                    var far = BinaryPrimitives.ReadUInt32LittleEndian(source[(pos + 1)..]);
                    if (far > int.MaxValue) return -1;
                    (length, offset) = ((tag >> 2) + 1, (int)far);
                    pos += 5;
                    break;
            }
            if (offset == 0 || offset > op) return -1;
            // Byte by byte: a copy may overlap what it writes (a run).
            for (var end = Math.Min(op + length, room); op < end; op++) target[op] = target[op - offset];
        }
        return op;
    }
}
