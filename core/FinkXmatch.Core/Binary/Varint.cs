namespace FinkXmatch.Core.Binary;

/// <summary>
/// The base-128 varint (7 bits a byte, low first) and its zig-zag form for signed numbers, as Avro longs, Thrift's
/// compact protocol (Parquet footers, page headers) and Parquet's RLE run headers all write them.
/// </summary>
public static class Varint
{
    /// <summary>The longest varint of a 64-bit number.</summary>
    public const int MaxLength = 10;

    /// <summary>Zig-zag: small magnitudes of either sign become small unsigned numbers.</summary>
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>The signed number of a zig-zag one.</summary>
    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>
    /// Reads the varint at <paramref name="pos"/> and moves past it. Past the end of <paramref name="data"/> it throws
    /// <see cref="IndexOutOfRangeException"/>; more than 10 bytes, <see cref="InvalidDataException"/>.
    /// </summary>
    public static ulong Read(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("varint longer than 10 bytes");
    }

    /// <summary>Writes <paramref name="value"/> and returns its length (at most <see cref="MaxLength"/>).</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }
}
