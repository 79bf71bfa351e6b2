using System.Buffers.Binary;
using System.Text;

namespace FinkXmatch.Core.Avro;

/// <summary>Reads Avro binary primitives from a span, advancing <see cref="Position"/>.</summary>
public ref struct AvroBinaryReader
{
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>A reader at the start of <paramref name="data"/>.</summary>
    public AvroBinaryReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _data.Length - Position;

    /// <summary>Reads a zig-zag varint <c>long</c>.</summary>
    public long ReadLong()
    {
        ulong n = 0;
        var shift = 0;
        while (true)
        {
            if (Position >= _data.Length) throw Truncated();
            var b = _data[Position++];
            n |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) break;
            shift += 7;
            if (shift > 63) throw new FormatException("Avro varint longer than 10 bytes");
        }
        return (long)(n >> 1) ^ -(long)(n & 1);
    }

    /// <summary>Reads a zig-zag varint <c>int</c>.</summary>
    public int ReadInt()
    {
        var value = ReadLong();
        return value is < int.MinValue or > int.MaxValue
            ? throw new FormatException($"Avro int out of range: {value}")
            : (int)value;
    }

    /// <summary>Reads a <c>boolean</c>.</summary>
    public bool ReadBoolean() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        var b => throw new FormatException($"invalid Avro boolean byte {b}"),
    };

    /// <summary>Reads a <c>float</c>.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a <c>double</c>.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads <c>bytes</c> as a view into the input.</summary>
    public ReadOnlySpan<byte> ReadBytesSpan() => Take(ReadLength());

    /// <summary>Reads a UTF-8 <c>string</c>.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadBytesSpan());

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadFixed(int count) => Take(count);

    /// <summary>
    /// Reads an array or map block header: the item count, 0 at the end. A negative count (allowed by the
    /// spec) is followed by the block's byte size, which is read and ignored here.
    /// </summary>
    public long ReadBlockCount()
    {
        var count = ReadLong();
        if (count >= 0) return count;
        ReadLong();
        return count == long.MinValue ? throw new FormatException("invalid Avro block count") : -count;
    }

    private int ReadLength()
    {
        var length = ReadLong();
        return length < 0 || length > Remaining
            ? throw new FormatException($"Avro length {length} outside the {Remaining} bytes left")
            : (int)length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining) throw Truncated();
        var slice = _data.Slice(Position, count);
        Position += count;
        return slice;
    }

    private readonly FormatException Truncated() => new($"Avro data truncated at byte {Position}");
}
