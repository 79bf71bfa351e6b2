using System.Buffers;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The footer of Parquet files laid end to end: the first file's footer (schema, key-value metadata, writer) with the
/// row count summed and the row groups of every file in order, each with its byte offsets moved by where its file's
/// data now lies. Field by field in Thrift's compact protocol: what is not an offset, a row count or a row group's
/// ordinal is copied as it is, so statistics, encodings and fields this code does not know survive.
/// </summary>
internal static class ParquetFooterMerger
{
    private const short FileRows = ParquetThrift.FileMetaData.NumRows, FileRowGroups = ParquetThrift.FileMetaData.RowGroups,
        FileSchema = ParquetThrift.FileMetaData.Schema;
    private const short GroupColumns = ParquetThrift.RowGroup.Columns, GroupFileOffset = ParquetThrift.RowGroup.FileOffset,
        GroupOrdinal = ParquetThrift.RowGroup.Ordinal;
    private const short ChunkFileOffset = ParquetThrift.ColumnChunk.FileOffset, ChunkMetaData = ParquetThrift.ColumnChunk.MetaData,
        ChunkOffsetIndex = ParquetThrift.ColumnChunk.OffsetIndexOffset, ChunkColumnIndex = ParquetThrift.ColumnChunk.ColumnIndexOffset;
    private const short MetaDataPage = ParquetThrift.ColumnMetaData.DataPageOffset, MetaIndexPage = ParquetThrift.ColumnMetaData.IndexPageOffset,
        MetaDictionaryPage = ParquetThrift.ColumnMetaData.DictionaryPageOffset, MetaBloomFilter = ParquetThrift.ColumnMetaData.BloomFilterOffset;
    private static ReadOnlySpan<byte> Stop => [0];

    /// <summary>
    /// The merged footer of files whose footers are <paramref name="footers"/> and whose data (all that lay between
    /// the leading magic and the footer) is moved by <paramref name="shifts"/> bytes; null when their schemas differ.
    /// </summary>
    /// <exception cref="InvalidDataException">A footer does not parse.</exception>
    public static byte[]? Merge(IReadOnlyList<byte[]> footers, IReadOnlyList<long> shifts, out long rows)
    {
        rows = 0;
        var schema = SchemaBytes(footers[0]);
        foreach (var footer in footers)
        {
            if (!SchemaBytes(footer).SequenceEqual(schema)) return null;
            rows += checked(FileRowCount(footer));
        }

        var output = new ArrayBufferWriter<byte>(footers[0].Length * footers.Count);
        var r = new ThriftCompactReader(footers[0]);
        var total = rows;
        CopyStruct(ref r, footers[0], output, (ref ThriftCompactReader reader, byte[] _, ArrayBufferWriter<byte> o, short field, int type, long _, int _) =>
        {
            if (field == FileRows && type == ThriftCompactReader.I64) ThriftCompactWriter.WriteVarint(o, ThriftCompactWriter.ZigZag(total));
            else if (field == FileRowGroups && type == ThriftCompactReader.List) WriteRowGroups(o, footers, shifts);
            else return false;
            reader.Skip(type);
            return true;
        }, shift: 0, ordinal: 0);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteRowGroups(ArrayBufferWriter<byte> output, IReadOnlyList<byte[]> footers, IReadOnlyList<long> shifts)
    {
        var total = 0;
        foreach (var footer in footers) total += RowGroupCount(footer);
        ThriftCompactWriter.WriteListHeader(output, total, ThriftCompactReader.Struct);
        var ordinal = 0;
        for (var f = 0; f < footers.Count; f++)
        {
            var r = new ThriftCompactReader(footers[f]);
            if (!SeekField(ref r, FileRowGroups, ThriftCompactReader.List)) continue;
            var count = r.ReadListHeader(out _);
            for (var g = 0; g < count; g++) CopyStruct(ref r, footers[f], output, RowGroupField, shifts[f], ordinal++);
        }
    }

    // Writes one field's new value (its header is already copied) and returns true; false to copy the field as it is.
    private delegate bool FieldRewrite(ref ThriftCompactReader r, byte[] source, ArrayBufferWriter<byte> output, short field, int type, long shift, int ordinal);

    private static void CopyStruct(ref ThriftCompactReader r, byte[] source, ArrayBufferWriter<byte> output, FieldRewrite rewrite, long shift, int ordinal)
    {
        short field = 0;
        while (true)
        {
            var header = r.Position;
            if (!r.NextField(ref field, out var type))
            {
                output.Write(Stop);
                return;
            }
            output.Write(source.AsSpan(header, r.Position - header));
            var value = r.Position;
            if (!rewrite(ref r, source, output, field, type, shift, ordinal))
            {
                r.Skip(type);
                output.Write(source.AsSpan(value, r.Position - value));
            }
        }
    }

    private static bool RowGroupField(ref ThriftCompactReader r, byte[] source, ArrayBufferWriter<byte> output, short field, int type, long shift, int ordinal)
    {
        switch (field)
        {
            case GroupColumns when type == ThriftCompactReader.List:
                var start = r.Position;
                var count = r.ReadListHeader(out _);
                output.Write(source.AsSpan(start, r.Position - start));
                for (var c = 0; c < count; c++) CopyStruct(ref r, source, output, ColumnChunkField, shift, ordinal);
                return true;
            case GroupFileOffset when type == ThriftCompactReader.I64:
                return Shift(ref r, output, shift);
            case GroupOrdinal when type == ThriftCompactReader.I16:
                r.ReadI32();
                ThriftCompactWriter.WriteVarint(output, ThriftCompactWriter.ZigZag(ordinal));
                return true;
            default:
                return false;
        }
    }

    private static bool ColumnChunkField(ref ThriftCompactReader r, byte[] source, ArrayBufferWriter<byte> output, short field, int type, long shift, int ordinal)
    {
        if (field == ChunkMetaData && type == ThriftCompactReader.Struct)
        {
            CopyStruct(ref r, source, output, ColumnMetaDataField, shift, ordinal);
            return true;
        }
        return field is ChunkFileOffset or ChunkOffsetIndex or ChunkColumnIndex && type == ThriftCompactReader.I64 && Shift(ref r, output, shift);
    }

    private static bool ColumnMetaDataField(ref ThriftCompactReader r, byte[] source, ArrayBufferWriter<byte> output, short field, int type, long shift, int ordinal) =>
        field is MetaDataPage or MetaIndexPage or MetaDictionaryPage or MetaBloomFilter && type == ThriftCompactReader.I64 && Shift(ref r, output, shift);

    // Offsets are positions in the file, never 0 (the magic is there): a 0 is a writer's "unset" and stays so.
    private static bool Shift(ref ThriftCompactReader r, ArrayBufferWriter<byte> output, long shift)
    {
        var offset = r.ReadI64();
        ThriftCompactWriter.WriteVarint(output, ThriftCompactWriter.ZigZag(offset > 0 ? offset + shift : offset));
        return true;
    }

    private static long FileRowCount(byte[] footer)
    {
        var r = new ThriftCompactReader(footer);
        return SeekField(ref r, FileRows, ThriftCompactReader.I64) ? r.ReadI64() : 0;
    }

    private static int RowGroupCount(byte[] footer)
    {
        var r = new ThriftCompactReader(footer);
        return SeekField(ref r, FileRowGroups, ThriftCompactReader.List) ? r.ReadListHeader(out _) : 0;
    }

    // The bytes of the schema (a top-level list field; empty when absent).
    private static ReadOnlySpan<byte> SchemaBytes(byte[] footer)
    {
        var r = new ThriftCompactReader(footer);
        if (!SeekField(ref r, FileSchema, ThriftCompactReader.List)) return [];
        var start = r.Position;
        r.Skip(ThriftCompactReader.List);
        return footer.AsSpan(start, r.Position - start);
    }

    // Moves the reader to the value of a top-level field; false when the footer has no such field.
    private static bool SeekField(ref ThriftCompactReader r, short wanted, int wantedType)
    {
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            if (field == wanted && type == wantedType) return true;
            r.Skip(type);
        }
        return false;
    }
}
