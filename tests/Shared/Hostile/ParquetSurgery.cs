using System.Buffers.Binary;

namespace FinkXmatch.Tests.Hostile;

/// <summary>
/// Forges the sizes a Parquet file declares, in its footer or in its first page header, keeping the rest
/// consistent (offsets and footer length follow), so that only the forged value is wrong.
/// Footer paths: 3 num_rows; 4/3 a row group's num_rows; 4/1/3/5 num_values, /6 total_uncompressed_size,
/// /7 total_compressed_size, /9 data_page_offset, /11 dictionary_page_offset. Page header paths: 2 uncompressed_page_size,
/// 3 compressed_page_size, 5/1 a data page's num_values, 7/1 a dictionary page's num_values.
/// </summary>
internal static class ParquetSurgery
{
    /// <summary>The file with its footer rewritten by <paramref name="replace"/>.</summary>
    public static byte[] Footer(byte[] file, Func<string, long, long> replace)
    {
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var footerStart = file.Length - 8 - footerLength;
        var (footer, _) = ThriftFieldRewriter.Rewrite(file, footerStart, replace);
        var output = new byte[footerStart + footer.Length + 8];
        file.AsSpan(0, footerStart).CopyTo(output);
        footer.CopyTo(output.AsSpan(footerStart));
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(output.Length - 8), footer.Length);
        "PAR1"u8.CopyTo(output.AsSpan(output.Length - 4));
        return output;
    }

    /// <summary>
    /// The file with the page header right after the leading magic (the first column chunk's first page) rewritten by
    /// <paramref name="replace"/>; the footer's offsets and the chunk's compressed size move with it.
    /// </summary>
    public static byte[] FirstPageHeader(byte[] file, Func<string, long, long> replace)
    {
        const int first = 4;
        var (header, consumed) = ThriftFieldRewriter.Rewrite(file, first, replace);
        var shift = header.Length - consumed;
        var moved = new byte[file.Length + shift];
        file.AsSpan(0, first).CopyTo(moved);
        header.CopyTo(moved.AsSpan(first));
        file.AsSpan(first + consumed).CopyTo(moved.AsSpan(first + header.Length));
        if (shift == 0) return moved;
        // Offsets past the page move by the shift; the first chunk (which holds the page) grows by it.
        var firstChunk = true;
        return Footer(moved, (path, value) =>
        {
            switch (path)
            {
                case "4/1/2" or "4/1/3/9" or "4/1/3/10" or "4/1/3/11" when value > first:
                    return value + shift;
                case "4/1/3/7" when firstChunk:
                    firstChunk = false;
                    return value + shift;
                default:
                    return value;
            }
        });
    }
}
