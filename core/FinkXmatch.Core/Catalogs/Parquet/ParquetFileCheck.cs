using System.Buffers.Binary;
using Parquet.Meta;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Checks the sizes a Parquet file declares against its real length before Parquet.Net trusts them, so that a
/// damaged or hostile file is refused with a <see cref="CatalogException"/> instead of a huge allocation.
/// </summary>
internal static class ParquetFileCheck
{
    private const int MagicLength = 4;

    /// <summary>Most cells (rows × exposed columns) of one row group held in memory at once.</summary>
    public const long MaxCellsPerRowGroup = 1L << 28;

    /// <summary>Magic at both ends and a footer length that fits in the file.</summary>
    public static void CheckEnvelope(Stream stream, string fileName)
    {
        var length = stream.Length;
        Span<byte> head = stackalloc byte[MagicLength];
        Span<byte> tail = stackalloc byte[8];
        stream.Position = 0;
        var headRead = stream.ReadAtLeast(head, MagicLength, throwOnEndOfStream: false);
        if (headRead < MagicLength || !head.SequenceEqual("PAR1"u8))
            throw new CatalogException(CatalogErrorKind.WrongFormat, fileName, "this is not a Parquet file: it does not start with 'PAR1'");
        if (length < 2 * MagicLength + 4)
            throw new CatalogException(CatalogErrorKind.TruncatedFile, fileName, $"the Parquet file is truncated: only {length} bytes");
        stream.Position = length - 8;
        stream.ReadExactly(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8))
            throw new CatalogException(CatalogErrorKind.TruncatedFile, fileName,
                "the Parquet file is truncated: it does not end with the 'PAR1' footer marker");
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 2 * MagicLength - 4)
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName,
                $"the Parquet footer declares {footerLength} bytes in a file of {length} bytes");
        stream.Position = 0;
    }

    /// <summary>Row counts and column chunk extents of the parsed footer, checked against the file length.</summary>
    public static void CheckMetadata(FileMetaData meta, long fileLength, int exposedColumns, string fileName)
    {
        // Each row of a real catalog costs at least a bit or so of data somewhere; a count far beyond that is garbage.
        var maxRows = fileLength * 64 + 4096;
        long total = 0;
        var groups = meta.RowGroups ?? [];
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            if (group.NumRows < 0 || group.NumRows > maxRows || group.NumRows > int.MaxValue)
                throw Malformed(fileName, $"row group {g + 1} declares {group.NumRows} rows in a file of {fileLength} bytes");
            if (group.NumRows * Math.Max(1, exposedColumns) > MaxCellsPerRowGroup)
                throw Malformed(fileName, $"row group {g + 1} is too large to read ({group.NumRows} rows × {exposedColumns} columns); write smaller row groups");
            total += group.NumRows;
            foreach (var chunk in group.Columns ?? [])
            {
                var m = chunk.MetaData;
                if (m is null) continue;
                var start = m.DictionaryPageOffset is > 0 and var d && d < m.DataPageOffset ? d : m.DataPageOffset;
                if (start < 0 || m.TotalCompressedSize < 0 || start + m.TotalCompressedSize > fileLength
                    || m.TotalUncompressedSize < 0 || m.NumValues < 0 || m.NumValues > maxRows)
                    throw Malformed(fileName, $"row group {g + 1} declares a column chunk outside the file's {fileLength} bytes");
            }
        }
        if (total != meta.NumRows)
            throw Malformed(fileName, $"the row groups hold {total} rows but the file declares {meta.NumRows}");
    }

    private static CatalogException Malformed(string fileName, string detail) =>
        new(CatalogErrorKind.MalformedFile, fileName, detail);
}
