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
