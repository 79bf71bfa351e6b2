namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>Just enough of Thrift's compact protocol to read Parquet page headers: fields, integers, skipping.</summary>
internal ref struct ThriftCompactReader(ReadOnlySpan<byte> data)
{
    public const int BooleanTrue = 1, BooleanFalse = 2;
    private const int Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    /// <summary>Reads the next field header of the current struct; false at its STOP byte.</summary>
    public bool NextField(ref short field, out int type)
    {
        var b = _data[Position++];
        type = b & 0x0F;
        if (type == 0) return false;
        var delta = b >> 4;
        field = delta != 0 ? (short)(field + delta) : (short)ZigZag(ReadVarint());
        return true;
    }

    public int ReadI32() => (int)ZigZag(ReadVarint());

    public void Skip(int type)
    {
        switch (type)
        {
            case BooleanTrue or BooleanFalse: break;
            case Byte: Position++; break;
            case I16 or I32 or I64: ReadVarint(); break;
            case Double: Position += 8; break;
            case Binary:
            {
                // Not Position += ReadVarint(): that would read Position before the varint moves it.
                var length = checked((int)ReadVarint());
                Position += length;
                break;
            }
            case List or Set:
            {
                var head = _data[Position++];
                var size = head >> 4 == 15 ? (int)ReadVarint() : head >> 4;
                var element = head & 0x0F;
                for (var i = 0; i < size; i++) SkipElement(element);
                break;
            }
            case Map:
            {
                var size = (int)ReadVarint();
                if (size == 0) break;
                var kinds = _data[Position++];
                for (var i = 0; i < size; i++)
                {
                    SkipElement(kinds >> 4);
                    SkipElement(kinds & 0x0F);
                }
                break;
            }
            case Struct:
            {
                short field = 0;
                while (NextField(ref field, out var inner)) Skip(inner);
                break;
            }
            default: throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    // In lists, sets and maps booleans take one byte each.
    private void SkipElement(int type)
    {
        if (type is BooleanTrue or BooleanFalse) Position++;
        else Skip(type);
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[Position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("varint longer than 10 bytes");
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);
}
