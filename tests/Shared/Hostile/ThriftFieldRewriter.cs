using System.Buffers;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Tests.Hostile;

/// <summary>
/// Copies one Thrift compact-protocol struct (a Parquet footer or page header) with the core's codec, letting a
/// callback replace integer fields by their path of field ids ("4/1/3/6": row_groups → columns → meta_data →
/// total_uncompressed_size; list elements are not numbered). Enough to forge the declared sizes of a hostile Parquet file.
/// </summary>
internal static class ThriftFieldRewriter
{
    /// <summary>The rewritten struct that starts at <paramref name="offset"/>, and how many bytes the original took.</summary>
    public static (byte[] Bytes, int Consumed) Rewrite(byte[] source, int offset, Func<string, long, long> replace)
    {
        var bytes = source.AsSpan(offset);
        var output = new ArrayBufferWriter<byte>();
        var w = new ThriftCompactWriter(output);
        var r = new ThriftCompactReader(bytes);
        CopyStruct(ref r, bytes, w, output, "", replace);
        return (output.WrittenSpan.ToArray(), r.Position);
    }

    private static void CopyStruct(ref ThriftCompactReader r, ReadOnlySpan<byte> s, ThriftCompactWriter w, IBufferWriter<byte> o, string path,
        Func<string, long, long> replace)
    {
        w.BeginStruct();
        short id = 0;
        while (r.NextField(ref id, out var type))
        {
            w.FieldHeader(id, type);
            CopyValue(ref r, s, w, o, type, path.Length == 0 ? $"{id}" : $"{path}/{id}", replace, inList: false);
        }
        w.EndStruct();
    }

    private static void CopyValue(ref ThriftCompactReader r, ReadOnlySpan<byte> s, ThriftCompactWriter w, IBufferWriter<byte> o, int type,
        string path, Func<string, long, long> replace, bool inList)
    {
        switch (type)
        {
            case ThriftCompactReader.I16 or ThriftCompactReader.I32 or ThriftCompactReader.I64:
                ThriftCompactWriter.WriteVarint(o, ThriftCompactWriter.ZigZag(replace(path, r.ReadI64())));
                break;
            case ThriftCompactReader.Struct:
                CopyStruct(ref r, s, w, o, path, replace);
                break;
            case ThriftCompactReader.List or ThriftCompactReader.Set:
            {
                var size = r.ReadListHeader(out var element);
                ThriftCompactWriter.WriteListHeader(o, size, element);
                for (var i = 0; i < size; i++) CopyValue(ref r, s, w, o, element, path, replace, inList: true);
                break;
            }
            default:
            {
                // Booleans, bytes, doubles, binaries and maps: copied as they are.
                var start = r.Position;
                if (inList) r.SkipElement(type);
                else r.Skip(type);
                o.Write(s[start..r.Position]);
                break;
            }
        }
    }
}
