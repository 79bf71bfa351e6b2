namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The sizes of one Parquet page header (Thrift compact protocol), read without allocating: its own length, the page's
/// uncompressed and compressed sizes, and its value count (data pages v1/v2, dictionary pages).
/// </summary>
internal readonly record struct PageHeaderSizes(int Length, long UncompressedSize, long CompressedSize, long Values, bool IsDictionary)
{
    private const int Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;
    private const int MaxDepth = 16;

    /// <summary>False when <paramref name="bytes"/> ends before the header does or is not a Thrift struct.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out PageHeaderSizes header)
    {
        header = default;
        var reader = new Reader(bytes);
        long uncompressed = -1, compressed = -1, values = 0;
        var isDictionary = false;
        short id = 0;
        while (true)
        {
            if (!reader.FieldHeader(ref id, out var type)) return false;
            if (type == Stop) break;
            switch (id, type)
            {
                case (2, I32):
                    if (!reader.Integer(out uncompressed)) return false;
                    break;
                case (3, I32):
                    if (!reader.Integer(out compressed)) return false;
                    break;
                case (5 or 7 or 8, Struct):
                    // data_page_header, dictionary_page_header, data_page_header_v2: field 1 is num_values.
                    isDictionary = id == 7;
                    if (!reader.FirstIntegerOfStruct(out values)) return false;
                    break;
                default:
                    if (!reader.Skip(type, 0)) return false;
                    break;
            }
        }
        if (uncompressed < 0 && compressed < 0) return false;
        header = new PageHeaderSizes(reader.Position, uncompressed, compressed, values, isDictionary);
        return true;
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        public bool FieldHeader(ref short id, out int type)
        {
            type = 0;
            if (!Next(out var header)) return false;
            type = header & 0x0F;
            if (type == Stop) return true;
            var delta = header >> 4;
            if (delta != 0)
            {
                id = (short)(id + delta);
                return true;
            }
            if (!Integer(out var explicitId)) return false;
            id = (short)explicitId;
            return true;
        }

        public bool Integer(out long value)
        {
            value = 0;
            ulong raw = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                if (!Next(out var b)) return false;
                raw |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    value = (long)(raw >> 1) ^ -(long)(raw & 1);
                    return true;
                }
            }
            return false;
        }

        public bool FirstIntegerOfStruct(out long value)
        {
            value = 0;
            short id = 0;
            var found = false;
            while (true)
            {
                if (!FieldHeader(ref id, out var type)) return false;
                if (type == Stop) return found;
                if (id == 1 && type == I32)
                {
                    if (!Integer(out value)) return false;
                    found = true;
                }
                else if (!Skip(type, 1)) return false;
            }
        }

        public bool Skip(int type, int depth)
        {
            if (depth > MaxDepth) return false;
            switch (type)
            {
                case True or False:
                    return true;
                case Byte:
                    return Advance(1);
                case I16 or I32 or I64:
                    return Integer(out _);
                case Double:
                    return Advance(8);
                case Binary:
                    return Unsigned(out var length) && Advance(length);
                case List or Set:
                {
                    if (!Next(out var header)) return false;
                    long size = header >> 4;
                    if (size == 15 && !Unsigned(out size)) return false;
                    var elementType = header & 0x0F;
                    for (long i = 0; i < size; i++)
                    {
                        if (elementType is True or False ? !Advance(1) : !Skip(elementType, depth + 1)) return false;
                    }
                    return true;
                }
                case Map:
                {
                    if (!Unsigned(out var size)) return false;
                    if (size == 0) return true;
                    if (!Next(out var types)) return false;
                    for (long i = 0; i < size; i++)
                    {
                        if (!Skip(types >> 4, depth + 1) || !Skip(types & 0x0F, depth + 1)) return false;
                    }
                    return true;
                }
                case Struct:
                {
                    short id = 0;
                    while (true)
                    {
                        if (!FieldHeader(ref id, out var fieldType)) return false;
                        if (fieldType == Stop) return true;
                        if (!Skip(fieldType, depth + 1)) return false;
                    }
                }
                default:
                    return false;
            }
        }

        private bool Unsigned(out long value)
        {
            value = 0;
            for (var shift = 0; shift < 63; shift += 7)
            {
                if (!Next(out var b)) return false;
                value |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return true;
            }
            return false;
        }

        private bool Next(out byte value)
        {
            value = 0;
            if (Position >= _bytes.Length) return false;
            value = _bytes[Position++];
            return true;
        }

        private bool Advance(long count)
        {
            if (count > _bytes.Length - Position) return false;
            Position += (int)count;
            return true;
        }
    }
}
