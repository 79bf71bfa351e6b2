using System.Buffers;
using System.Text;
using Parquet.Schema;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A Parquet file of flat columns written directly: "PAR1", row groups of one chunk per column (its Snappy pages,
/// <see cref="FlatColumnChunk"/>), then the footer (schema with the same types Parquet.Net gives these fields, row
/// groups with each chunk's offset, sizes and statistics: null counts, min and max of numbers; not of strings, whose
/// statistics were a measured part of Parquet.Net's cost). For the result writer's flat columns, where Parquet.Net's
/// column writer spent most of its time in its string encoder, string statistics and per-value stream writes.
/// The destination must start empty: offsets in the footer count from its first byte. Optional key-value metadata
/// goes in the footer (<c>key_value_metadata</c>, read back as Parquet.Net's <c>CustomMetadata</c>).
/// </summary>
internal sealed class FlatParquetFile(Stream destination, IReadOnlyList<DataField> fields, IReadOnlyDictionary<string, string>? metadata = null,
    PageCompressor compressor = PageCompressor.Fast)
{
    private readonly List<RowGroupEntry> _rowGroups = [];
    private readonly FlatColumnChunk _chunk = new(compressor);
    private long _position;

    private readonly record struct ChunkEntry(long Offset, long CompressedSize, long UncompressedSize, int Values, ChunkStatistics Statistics);
    private sealed record RowGroupEntry(int Rows, ChunkEntry[] Chunks);

    public IReadOnlyList<DataField> Fields => fields;

    /// <summary>Appends a row group of <paramref name="rows"/> rows; <paramref name="encode"/> fills the chunk of each column in turn.</summary>
    public async Task WriteRowGroupAsync(int rows, Action<int, FlatColumnChunk> encode, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var chunks = new ChunkEntry[fields.Count];
        for (var c = 0; c < fields.Count; c++)
        {
            encode(c, _chunk);
            if (_chunk.Rows != rows) throw new InvalidOperationException($"column '{fields[c].Name}' has {_chunk.Rows} values for {rows} rows");
            var bytes = _chunk.Bytes;
            chunks[c] = new ChunkEntry(_position, bytes.Length, _chunk.UncompressedSize, rows, _chunk.Statistics);
            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            _position += bytes.Length;
        }
        _rowGroups.Add(new RowGroupEntry(rows, chunks));
    }

    /// <summary>Writes the footer (after any row groups; alone, it makes a file with the columns and no rows).</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var footer = new ArrayBufferWriter<byte>(1024);
        WriteFooter(new ThriftCompactWriter(footer));
        await ParquetFileLayout.WriteFooterAsync(destination, footer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _position += footer.WrittenCount + 8;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_position > 0) return;
        await destination.WriteAsync(ParquetFileLayout.Magic.ToArray(), cancellationToken).ConfigureAwait(false);
        _position = ParquetFileLayout.MagicLength;
    }

    // parquet.thrift FileMetaData.
    private void WriteFooter(ThriftCompactWriter w)
    {
        w.BeginStruct();
        w.I32(ParquetThrift.FileMetaData.Version, 1);
        w.List(ParquetThrift.FileMetaData.Schema, ThriftCompactReader.Struct, fields.Count + 1);
        w.BeginStruct();
        w.Binary(ParquetThrift.SchemaElement.Name, "schema"u8);
        w.I32(ParquetThrift.SchemaElement.NumChildren, fields.Count);
        w.EndStruct();
        foreach (var field in fields)
        {
            var (type, isString) = PhysicalType(field);
            w.BeginStruct();
            w.I32(ParquetThrift.SchemaElement.Type, type);
            w.I32(ParquetThrift.SchemaElement.RepetitionType, field.IsNullable ? ParquetThrift.Repetition.Optional : ParquetThrift.Repetition.Required);
            w.Binary(ParquetThrift.SchemaElement.Name, Encoding.UTF8.GetBytes(field.Name));
            if (isString)
            {
                w.I32(ParquetThrift.SchemaElement.ConvertedType, ParquetThrift.ConvertedType.Utf8);
                w.Struct(ParquetThrift.SchemaElement.LogicalType);
                w.Struct(ParquetThrift.LogicalType.String);
                w.EndStruct();
                w.EndStruct();
            }
            w.EndStruct();
        }
        w.I64(ParquetThrift.FileMetaData.NumRows, _rowGroups.Sum(g => (long)g.Rows));
        w.List(ParquetThrift.FileMetaData.RowGroups, ThriftCompactReader.Struct, _rowGroups.Count);
        foreach (var group in _rowGroups) WriteRowGroup(w, group);
        if (metadata is { Count: > 0 })
        {
            w.List(ParquetThrift.FileMetaData.KeyValueMetadata, ThriftCompactReader.Struct, metadata.Count);
            foreach (var (key, value) in metadata)
            {
                w.BeginStruct();
                w.Binary(ParquetThrift.KeyValue.Key, Encoding.UTF8.GetBytes(key));
                w.Binary(ParquetThrift.KeyValue.Value, Encoding.UTF8.GetBytes(value));
                w.EndStruct();
            }
        }
        w.Binary(ParquetThrift.FileMetaData.CreatedBy, "FinkXmatch flat result writer"u8);
        // Every column in its type's natural order: without column_orders, readers may not trust min_value/max_value.
        w.List(ParquetThrift.FileMetaData.ColumnOrders, ThriftCompactReader.Struct, fields.Count);
        foreach (var _ in fields)
        {
            w.BeginStruct();
            w.Struct(ParquetThrift.ColumnOrder.TypeOrder);   // TypeDefinedOrder, an empty struct
            w.EndStruct();
            w.EndStruct();
        }
        w.EndStruct();
    }

    private void WriteRowGroup(ThriftCompactWriter w, RowGroupEntry group)
    {
        w.BeginStruct();
        w.List(ParquetThrift.RowGroup.Columns, ThriftCompactReader.Struct, group.Chunks.Length);
        for (var c = 0; c < group.Chunks.Length; c++)
        {
            var chunk = group.Chunks[c];
            w.BeginStruct();
            w.I64(ParquetThrift.ColumnChunk.FileOffset, chunk.Offset);
            w.Struct(ParquetThrift.ColumnChunk.MetaData);
            w.I32(ParquetThrift.ColumnMetaData.Type, PhysicalType(fields[c]).Type);
            w.List(ParquetThrift.ColumnMetaData.Encodings, ThriftCompactReader.I32, 2);
            w.ElementI32(ParquetThrift.Encoding.Plain);
            w.ElementI32(ParquetThrift.Encoding.Rle);
            w.List(ParquetThrift.ColumnMetaData.PathInSchema, ThriftCompactReader.Binary, 1);
            w.ElementBinary(Encoding.UTF8.GetBytes(fields[c].Name));
            w.I32(ParquetThrift.ColumnMetaData.Codec, ParquetThrift.Codec.Snappy);
            w.I64(ParquetThrift.ColumnMetaData.NumValues, chunk.Values);
            w.I64(ParquetThrift.ColumnMetaData.TotalUncompressedSize, chunk.UncompressedSize);
            w.I64(ParquetThrift.ColumnMetaData.TotalCompressedSize, chunk.CompressedSize);
            w.I64(ParquetThrift.ColumnMetaData.DataPageOffset, chunk.Offset);
            w.Struct(ParquetThrift.ColumnMetaData.Statistics);
            w.I64(ParquetThrift.Statistics.NullCount, chunk.Statistics.NullCount);
            if (chunk.Statistics.Max is { } max) w.Binary(ParquetThrift.Statistics.MaxValue, max);
            if (chunk.Statistics.Min is { } min) w.Binary(ParquetThrift.Statistics.MinValue, min);
            w.EndStruct();
            w.EndStruct();
            w.EndStruct();
        }
        w.I64(ParquetThrift.RowGroup.TotalByteSize, group.Chunks.Sum(c => c.UncompressedSize));
        w.I64(ParquetThrift.RowGroup.NumRows, group.Rows);
        w.I64(ParquetThrift.RowGroup.FileOffset, group.Chunks[0].Offset);
        w.I64(ParquetThrift.RowGroup.TotalCompressedSize, group.Chunks.Sum(c => c.CompressedSize));
        w.EndStruct();
    }

    // parquet.thrift Type of each flat result column, as Parquet.Net writes these CLR types.
    private static (int Type, bool IsString) PhysicalType(DataField field)
    {
        var t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return (ParquetThrift.PhysicalType.ByteArray, true);
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>)) return (ParquetThrift.PhysicalType.ByteArray, false);
        if (t == typeof(long)) return (ParquetThrift.PhysicalType.Int64, false);
        if (t == typeof(int)) return (ParquetThrift.PhysicalType.Int32, false);
        if (t == typeof(double)) return (ParquetThrift.PhysicalType.Double, false);
        if (t == typeof(float)) return (ParquetThrift.PhysicalType.Float, false);
        if (t == typeof(bool)) return (ParquetThrift.PhysicalType.Boolean, false);
        throw new NotSupportedException($"result column '{field.Name}' of type {t.Name} has no flat writer");
    }
}
