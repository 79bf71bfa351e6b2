using FinkXmatch.Core.Binary;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace FinkXmatch.Core.Avro;

/// <summary>
/// Avro binary primitives written straight into an <see cref="IBufferWriter{T}"/> (no intermediate buffers):
/// zig-zag varints, little-endian IEEE floats, length-prefixed bytes and UTF-8 strings.
/// Use these to encode rows directly, or <see cref="AvroEncoder"/> for a generic value tree.
/// </summary>
public static class AvroBinaryWriter
{
    /// <summary>The longest zig-zag varint (a long) in bytes.</summary>
    public const int MaxVarLongLength = Varint.MaxLength;

    /// <summary>Writes an <c>int</c> (zig-zag varint).</summary>
    public static void WriteInt(IBufferWriter<byte> output, int value) => WriteLong(output, value);

    /// <summary>Writes a <c>long</c> (zig-zag varint).</summary>
    public static void WriteLong(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(MaxVarLongLength);
        output.Advance(WriteVarLong(span, value));
    }

    /// <summary>Writes a zig-zag varint into <paramref name="destination"/> (at least 10 bytes) and returns its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteVarLong(Span<byte> destination, long value) => Varint.Write(destination, Varint.ZigZag(value));

    /// <summary>Writes a <c>boolean</c> (one byte, 0 or 1).</summary>
    public static void WriteBoolean(IBufferWriter<byte> output, bool value)
    {
        output.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        output.Advance(1);
    }

    /// <summary>Writes a <c>float</c> (4 bytes little-endian).</summary>
    public static void WriteFloat(IBufferWriter<byte> output, float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    /// <summary>Writes a <c>double</c> (8 bytes little-endian).</summary>
    public static void WriteDouble(IBufferWriter<byte> output, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    /// <summary>Writes <c>bytes</c>: the length then the bytes.</summary>
    public static void WriteBytes(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        var span = output.GetSpan(MaxVarLongLength + value.Length);
        var n = WriteVarLong(span, value.Length);
        value.CopyTo(span[n..]);
        output.Advance(n + value.Length);
    }

    /// <summary>Writes a <c>string</c>: the UTF-8 byte length then the UTF-8 bytes.</summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<char> value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var span = output.GetSpan(MaxVarLongLength + byteCount);
        var n = WriteVarLong(span, byteCount);
        n += Encoding.UTF8.GetBytes(value, span[n..]);
        output.Advance(n);
    }

    /// <summary>Writes a union branch index (a long).</summary>
    public static void WriteUnionIndex(IBufferWriter<byte> output, int index) => WriteLong(output, index);

    /// <summary>
    /// Starts a non-empty array or map block of <paramref name="count"/> items; after the items call
    /// <see cref="WriteBlockEnd"/>. An empty array or map is just <see cref="WriteBlockEnd"/>. This is the
    /// single-block layout Java Avro (Spark) and fastavro write.
    /// </summary>
    public static void WriteBlockStart(IBufferWriter<byte> output, int count) => WriteLong(output, count);

    /// <summary>Ends an array or map (a zero count).</summary>
    public static void WriteBlockEnd(IBufferWriter<byte> output)
    {
        output.GetSpan(1)[0] = 0;
        output.Advance(1);
    }
}
