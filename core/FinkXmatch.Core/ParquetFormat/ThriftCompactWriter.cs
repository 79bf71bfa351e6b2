using System.Buffers;
using FinkXmatch.Core.Binary;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Just enough of Thrift's compact protocol to write Parquet page headers and footers: structs of integer, binary,
/// struct and list fields, in ascending field order (the reader's counterpart is <see cref="ThriftCompactReader"/>).
/// </summary>
internal sealed class ThriftCompactWriter(IBufferWriter<byte> output)
{
    private readonly Stack<short> _outer = new();
    private short _field;

    /// <summary>Starts a struct that is a list element (a struct field starts with <see cref="Struct"/>).</summary>
    public void BeginStruct()
    {
        _outer.Push(_field);
        _field = 0;
    }

    public void EndStruct()
    {
        output.Write<byte>([0]);
        _field = _outer.Pop();
    }

    public void I32(short id, int value)
    {
        FieldHeader(id, ThriftCompactReader.I32);
        WriteVarint(output, ZigZag(value));
    }

    public void I64(short id, long value)
    {
        FieldHeader(id, ThriftCompactReader.I64);
        WriteVarint(output, ZigZag(value));
    }

    public void Binary(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, ThriftCompactReader.Binary);
        ElementBinary(value);
    }

    /// <summary>Starts a struct field; its fields follow, then <see cref="EndStruct"/>.</summary>
    public void Struct(short id)
    {
        FieldHeader(id, ThriftCompactReader.Struct);
        BeginStruct();
    }

    /// <summary>Starts a list field of <paramref name="count"/> elements; the elements follow.</summary>
    public void List(short id, int elementType, int count)
    {
        FieldHeader(id, ThriftCompactReader.List);
        WriteListHeader(output, count, elementType);
    }

    public void ElementI32(int value) => WriteVarint(output, ZigZag(value));

    public void ElementBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint(output, (ulong)value.Length);
        output.Write(value);
    }

    /// <summary>A field's header alone (its value follows; a boolean field has none, its type is its value).</summary>
    public void FieldHeader(short id, int type)
    {
        var delta = id - _field;
        if (delta is > 0 and <= 15) output.Write<byte>([(byte)(delta << 4 | type)]);
        else
        {
            output.Write<byte>([(byte)type]);
            WriteVarint(output, ZigZag(id));
        }
        _field = id;
    }

    public static void WriteListHeader(IBufferWriter<byte> output, int count, int elementType)
    {
        if (count < 15) output.Write<byte>([(byte)(count << 4 | elementType)]);
        else
        {
            output.Write<byte>([(byte)(0xF0 | elementType)]);
            WriteVarint(output, (ulong)count);
        }
    }

    public static ulong ZigZag(long n) => Varint.ZigZag(n);

    public static void WriteVarint(IBufferWriter<byte> output, ulong value) =>
        output.Advance(Varint.Write(output.GetSpan(Varint.MaxLength), value));
}
