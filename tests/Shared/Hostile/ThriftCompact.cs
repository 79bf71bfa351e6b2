namespace FinkXmatch.Tests.Hostile;

/// <summary>
/// Copies one Thrift compact-protocol struct (a Parquet footer or page header), letting a callback replace integer
/// fields by their path of field ids ("4/1/3/6": row_groups → columns → meta_data → total_uncompressed_size; list
/// elements are not numbered). Enough of the protocol to forge the declared sizes of a hostile Parquet file.
/// </summary>
internal static class ThriftCompact
{
    private const byte Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    /// <summary>The rewritten struct that starts at <paramref name="offset"/>, and how many bytes the original took.</summary>
    public static (byte[] Bytes, int Consumed) Rewrite(byte[] source, int offset, Func<string, long, long> replace)
    {
        var output = new List<byte>();
        var at = offset;
        CopyStruct(source, ref at, output, "", replace);
        return (output.ToArray(), at - offset);
    }

    private static void CopyStruct(byte[] s, ref int at, List<byte> o, string path, Func<string, long, long> replace)
    {
        short id = 0;
        while (true)
        {
            var header = s[at++];
            var type = (byte)(header & 0x0F);
            if (type == Stop)
            {
                o.Add(Stop);
                return;
            }
            var delta = header >> 4;
            id = delta != 0 ? (short)(id + delta) : (short)Unzig(ReadVarint(s, ref at));
            // Always written with an explicit id: simpler than keeping deltas, and as valid.
            o.Add(type);
            WriteVarint(o, Zig(id));
            CopyValue(s, ref at, o, type, path.Length == 0 ? $"{id}" : $"{path}/{id}", replace);
        }
    }

    private static void CopyValue(byte[] s, ref int at, List<byte> o, byte type, string path, Func<string, long, long> replace)
    {
        switch (type)
        {
            case True or False:
                break;
            case Byte:
                o.Add(s[at++]);
                break;
            case I16 or I32 or I64:
                WriteVarint(o, Zig(replace(path, Unzig(ReadVarint(s, ref at)))));
                break;
            case Double:
                o.AddRange(s.AsSpan(at, 8).ToArray());
                at += 8;
                break;
            case Binary:
            {
                var length = (int)ReadVarint(s, ref at);
                WriteVarint(o, (ulong)length);
                o.AddRange(s.AsSpan(at, length).ToArray());
                at += length;
                break;
            }
            case List or Set:
            {
                var header = s[at++];
                var elementType = (byte)(header & 0x0F);
                var size = header >> 4 == 15 ? (int)ReadVarint(s, ref at) : header >> 4;
                o.Add((byte)(15 << 4 | elementType));
                WriteVarint(o, (ulong)size);
                for (var i = 0; i < size; i++) CopyElement(s, ref at, o, elementType, path, replace);
                break;
            }
            case Map:
            {
                var size = (int)ReadVarint(s, ref at);
                WriteVarint(o, (ulong)size);
                if (size == 0) break;
                var types = s[at++];
                o.Add(types);
                for (var i = 0; i < size; i++)
                {
                    CopyElement(s, ref at, o, (byte)(types >> 4), path, replace);
                    CopyElement(s, ref at, o, (byte)(types & 0x0F), path, replace);
                }
                break;
            }
            case Struct:
                CopyStruct(s, ref at, o, path, replace);
                break;
            default:
                throw new InvalidDataException($"unknown Thrift compact type {type} at {at}");
        }
    }

    // In lists booleans take one byte each.
    private static void CopyElement(byte[] s, ref int at, List<byte> o, byte type, string path, Func<string, long, long> replace)
    {
        if (type is True or False) o.Add(s[at++]);
        else CopyValue(s, ref at, o, type, path, replace);
    }

    private static ulong ReadVarint(byte[] s, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = s[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    private static void WriteVarint(List<byte> o, ulong value)
    {
        while (value >= 0x80)
        {
            o.Add((byte)(value | 0x80));
            value >>= 7;
        }
        o.Add((byte)value);
    }

    private static ulong Zig(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long Unzig(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
