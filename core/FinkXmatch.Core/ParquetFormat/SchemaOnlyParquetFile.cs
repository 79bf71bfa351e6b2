using System.Buffers;
using System.Buffers.Binary;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// A Parquet file's image that holds a schema and nothing else: "PAR1", a footer of the schema (as
/// <see cref="ParquetSchemaBytes"/> reads it) with no row groups, its length, "PAR1". Parquet.Net's reader builds its
/// schema model only from a file, and from a real file it first parses the whole footer, every row group's column
/// metadata and statistics included (LSST's 450 columns over 12 row groups): for a job's alert schema that was ~8-17 %
/// of a one-night 75 k job's CPU and ~370 page faults of metadata objects (docs/performance.md). Given this image it
/// builds the same model from the schema's elements alone.
/// </summary>
internal static class SchemaOnlyParquetFile
{
    /// <summary>The file's bytes for <paramref name="schemaBytes"/> (FileMetaData.schema's list, from its header).</summary>
    public static byte[] Of(ReadOnlySpan<byte> schemaBytes)
    {
        var footer = new ArrayBufferWriter<byte>(schemaBytes.Length + 16);
        var w = new ThriftCompactWriter(footer);
        w.BeginStruct();
        w.I32(ParquetThrift.FileMetaData.Version, 1);
        w.FieldHeader(ParquetThrift.FileMetaData.Schema, ThriftCompactReader.List);
        footer.Write(schemaBytes);
        w.I64(ParquetThrift.FileMetaData.NumRows, 0);
        w.List(ParquetThrift.FileMetaData.RowGroups, ThriftCompactReader.Struct, 0);
        w.EndStruct();

        var magic = ParquetFileLayout.Magic;
        var file = new byte[2 * magic.Length + footer.WrittenCount + 4];
        magic.CopyTo(file);
        footer.WrittenSpan.CopyTo(file.AsSpan(magic.Length));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(magic.Length + footer.WrittenCount), footer.WrittenCount);
        magic.CopyTo(file.AsSpan(file.Length - magic.Length));
        return file;
    }
}
