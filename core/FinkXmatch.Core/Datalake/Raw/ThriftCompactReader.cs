namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>
/// Just enough of Thrift's compact protocol to read Parquet page headers and file footers: fields, integers, binary,
/// list headers, skipping. Truncated or malformed input throws (<see cref="IndexOutOfRangeException"/>,
/// <see cref="OverflowException"/> or <see cref="InvalidDataException"/>); callers turn that into their own error.
/// </summary>
internal ref struct ThriftCompactReader(ReadOnlySpan<byte> data)
{
    public const int BooleanTrue = 1, BooleanFalse = 2;
    public const int Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;
    private const int MaxDepth = 64;   // nesting of skipped structs and lists: bounded, so bad input cannot overflow the stack

    private int _depth;

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

    public int ReadI32() => checked((int)ZigZag(ReadVarint()));

    public long ReadI64() => ZigZag(ReadVarint());

    /// <summary>The bytes of a binary (or string) field.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = checked((int)ReadVarint());
        var bytes = _data.Slice(Position, length);
        Position += length;
        return bytes;
    }

    /// <summary>Reads a list (or set) header: its element count and element type.</summary>
    public int ReadListHeader(out int elementType)
    {
        var head = _data[Position++];
        elementType = head & 0x0F;
        var size = head >> 4 == 15 ? checked((int)ReadVarint()) : head >> 4;
        if (size < 0 || size > _data.Length - Position) throw new InvalidDataException($"list of {size} elements in {_data.Length - Position} bytes");
        return size;
    }

    public void Skip(int type)
    {
        if (++_depth > MaxDepth) throw new InvalidDataException("Thrift structures nested too deeply");
        try
        {
            SkipValue(type);
        }
        finally
        {
            _depth--;
        }
    }

    private void SkipValue(int type)
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
                var size = ReadListHeader(out var element);
                for (var i = 0; i < size; i++) SkipElement(element);
                break;
            }
            case Map:
            {
                var size = checked((int)ReadVarint());
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
