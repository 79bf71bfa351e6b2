using FinkXmatch.Core.Binary;

namespace FinkXmatch.Core.ParquetFormat;

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
        field = delta != 0 ? (short)(field + delta) : (short)Varint.UnZigZag(ReadVarint());
        return true;
    }

    public int ReadI32() => checked((int)Varint.UnZigZag(ReadVarint()));

    public long ReadI64() => Varint.UnZigZag(ReadVarint());

    /// <summary>The bytes of a binary (or string) field.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = checked((int)ReadVarint());
        var bytes = _data.Slice(Position, length);
        Position += length;
        return bytes;
    }

    /// <summary>Moves past <paramref name="count"/> bytes known to hold whole values.</summary>
    public void SkipBytes(int count) => Position += count;

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

    /// <summary>
    /// Skips a whole struct value (after its field header): what <see cref="Skip"/> does for a struct, in one loop with its
    /// own stack instead of a call per value, since it is most of the work of reading an LSST footer (its 450 column
    /// chunks per row group, all but a few of them skipped).
    /// </summary>
    public void SkipStruct()
    {
        Span<int> element = stackalloc int[MaxDepth];   // per open level: -1 a struct, else a list's element type
        Span<int> left = stackalloc int[MaxDepth];      // a list's elements still to skip
        var data = _data;
        var pos = Position;
        var depth = 0;
        element[0] = -1;
        while (depth >= 0)
        {
            int type;
            if (element[depth] < 0)
            {
                var head = data[pos++];
                type = head & 0x0F;
                if (type == 0)
                {
                    depth--;
                    continue;
                }
                if (head >> 4 == 0) SkipVarint(data, ref pos);   // a field id given in full
            }
            else
            {
                if (left[depth]-- == 0)
                {
                    depth--;
                    continue;
                }
                type = element[depth];
                if (type is BooleanTrue or BooleanFalse)
                {
                    pos++;   // in lists booleans take one byte each
                    continue;
                }
            }
            switch (type)
            {
                case BooleanTrue or BooleanFalse: break;
                case Byte: pos++; break;
                case I16 or I32 or I64: SkipVarint(data, ref pos); break;
                case Double: pos += 8; break;
                case Binary:
                {
                    Position = pos;
                    var length = checked((int)ReadVarint());
                    pos = Position + length;
                    break;
                }
                case List or Set:
                {
                    Position = pos;
                    var size = ReadListHeader(out var inner);
                    pos = Position;
                    if (++depth >= MaxDepth) throw new InvalidDataException("Thrift structures nested too deeply");
                    element[depth] = inner;
                    left[depth] = size;
                    break;
                }
                case Struct:
                    if (++depth >= MaxDepth) throw new InvalidDataException("Thrift structures nested too deeply");
                    element[depth] = -1;
                    break;
                default:
                    // Maps (no footer struct has one) and unknown types: the general path, which rejects the latter.
                    Position = pos;
                    Skip(type);
                    pos = Position;
                    break;
            }
        }
        Position = pos;
    }

    private static void SkipVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        for (var i = 0; i < 10; i++)
            if (data[pos++] < 0x80) return;
        throw new InvalidDataException("varint longer than 10 bytes");
    }

    /// <summary>Skips one element of a list, set or map (where booleans take one byte each).</summary>
    public void SkipElement(int type)
    {
        if (type is BooleanTrue or BooleanFalse) Position++;
        else Skip(type);
    }

    private ulong ReadVarint()
    {
        var position = Position;
        var value = Varint.Read(_data, ref position);
        Position = position;
        return value;
    }

}
