using System.Globalization;
using Parquet.Meta;
using PageHeader = FinkXmatch.Core.ParquetFormat.PageHeader;
using ParquetThrift = FinkXmatch.Core.ParquetFormat.ParquetThrift;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Walks the page headers of every column chunk before Parquet.Net reads them, and refuses the sizes it would trust
/// blindly: a page larger than <see cref="MaxPageBytes"/> uncompressed (Parquet.Net allocates that much up front), a
/// compressed page running past its chunk, more values than the chunk holds, and a chunk declaring more uncompressed
/// bytes than its pages. So a forged ("zip bomb") header costs an error, not gigabytes.
/// </summary>
internal static class ParquetPageCheck
{
    /// <summary>The largest page accepted, uncompressed.</summary>
    public const int MaxPageBytes = 1 << 30;

    /// <summary>
    /// The largest page header read. Statistics hold a page's min and max values whole (Parquet.Net does not cut them), so
    /// a long text makes a long header; the buffer only ever grows over bytes the column chunk really has.
    /// </summary>
    private const int MaxHeaderBytes = 128 << 20;

    public static void Check(Stream stream, FileMetaData meta, string fileName)
    {
        var groups = meta.RowGroups ?? [];
        var buffer = new byte[64 * 1024];
        for (var g = 0; g < groups.Count; g++)
        {
            var chunks = groups[g].Columns ?? [];
            for (var c = 0; c < chunks.Count; c++)
            {
                if (chunks[c].MetaData is not { } m) continue;
                var where = $"column '{string.Join('.', m.PathInSchema ?? [])}' of row group {g + 1}";
                CheckChunk(stream, m, fileName, where, ref buffer);
            }
        }
    }

    private static void CheckChunk(Stream stream, ColumnMetaData m, string fileName, string where, ref byte[] buffer)
    {
        var start = m.DictionaryPageOffset is > 0 and var d && d < m.DataPageOffset ? d : m.DataPageOffset;
        var end = start + m.TotalCompressedSize;
        long values = 0, uncompressed = 0;
        for (var at = start; at < end;)
        {
            var (header, length) = ReadHeader(stream, at, end, fileName, where, ref buffer);
            if (header.UncompressedSize is < 0 or > MaxPageBytes)
                throw Bad(fileName, $"a page of {where} declares {Number(header.UncompressedSize)} bytes uncompressed; pages hold at most {Number(MaxPageBytes)}");
            if (header.CompressedSize < 0 || at + length + header.CompressedSize > end)
                throw Bad(fileName, $"a page of {where} declares {Number(header.CompressedSize)} compressed bytes, past the end of its column chunk");
            // A dictionary page counts distinct values, which are at most the chunk's values too.
            var isDictionary = header.Type == ParquetThrift.PageType.DictionaryPage;
            if (header.NumValues < 0 || header.NumValues > m.NumValues || (!isDictionary && (values += header.NumValues) > m.NumValues))
                throw Bad(fileName, $"a page of {where} declares {Number(Math.Max(header.NumValues, values))} values, more than the {Number(m.NumValues)} of its column chunk");
            uncompressed += (long)length + header.UncompressedSize;
            at += (long)length + header.CompressedSize;
        }
        // Writers record the sum of their pages (headers included); a chunk declaring far more than that is forged.
        if (m.TotalUncompressedSize > 2 * uncompressed + (1 << 20))
            throw Bad(fileName, $"{where} declares {Number(m.TotalUncompressedSize)} bytes uncompressed but its pages hold {Number(uncompressed)}");
    }

    private static (PageHeader Header, int Length) ReadHeader(Stream stream, long at, long end, string fileName, string where, ref byte[] buffer)
    {
        for (var length = (int)Math.Min(buffer.Length, end - at); ; length = (int)Math.Min(2L * length, Math.Min(MaxHeaderBytes, end - at)))
        {
            if (buffer.Length < length) buffer = new byte[length];
            stream.Position = at;
            var read = stream.ReadAtLeast(buffer.AsSpan(0, length), length, throwOnEndOfStream: false);
            if (PageHeader.TryRead(buffer.AsSpan(0, read), out var header, out var headerLength)) return (header, headerLength);
            if (read < length || length >= MaxHeaderBytes || length >= end - at)
                throw Bad(fileName, $"a page header of {where} (at byte {Number(at)}) cannot be read");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static CatalogException Bad(string fileName, string detail) => new(CatalogErrorKind.MalformedFile, fileName, detail);
}
