using System.Buffers.Binary;
using Parquet;

namespace FinkXmatch.Tests.Hostile;

/// <summary>Parquet: truncations, a damaged footer, and forged sizes ("zip bombs": huge declared rows, chunks and pages).</summary>
internal static partial class HostileCorpus
{
    private static IEnumerable<HostileFile> Parquet(ValidCatalogs valid)
    {
        var pq = valid.Parquet;
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(pq.AsSpan(pq.Length - 8));
        var footerStart = pq.Length - 8 - footerLength;
        yield return Upload("parquet: only the magic", "magic.parquet", "PAR1"u8.ToArray(), "magic.parquet", "truncated");
        yield return Upload("parquet: truncated at half", "half.parquet", Cut(pq, 0.5), "half.parquet", "truncated", "PAR1");
        yield return Upload("parquet: last byte missing", "minus1.parquet", pq[..^1], "minus1.parquet", "truncated");
        yield return Upload("parquet: footer cut off", "no-footer.parquet", [.. pq[..footerStart], .. "PAR1"u8], "no-footer.parquet", "footer");
        yield return Upload("parquet: magic + garbage + magic", "hollow.parquet", [.. "PAR1"u8, .. Garbage(3000, 2), .. "PAR1"u8], "hollow.parquet", "footer");
        yield return Upload("parquet: footer length 2 GiB", "footer-2g.parquet", WithFooterLength(pq, int.MaxValue), "footer-2g.parquet", "footer declares 2147483647 bytes");
        yield return Upload("parquet: footer length negative", "footer-neg.parquet", WithFooterLength(pq, -5), "footer-neg.parquet", "footer declares -5 bytes");
        yield return Upload("parquet: footer bytes flipped", "footer-flip.parquet", Flip(pq, 3, 12, footerStart, pq.Length - 8), "footer-flip.parquet", "footer");
        yield return Upload("parquet: footer is random bytes", "footer-noise.parquet", [.. pq[..footerStart], .. Garbage(footerLength, 4), .. pq[^8..]], "footer-noise.parquet", "footer cannot be read");
        yield return Upload("parquet: data pages flipped", "pages-flip.parquet", Flip(pq, 5, 40, 4, footerStart), "pages-flip.parquet", "row group 1", "cannot be read");
        yield return Upload("parquet: data pages zeroed", "pages-zero.parquet", [.. "PAR1"u8, .. new byte[footerStart - 4], .. pq[footerStart..]], "pages-zero.parquet", "page header", "cannot be read");
        yield return Upload("parquet: random bytes", "garbage.parquet", Garbage(6000, 6), "garbage.parquet", "not Parquet", "PAR1");
        yield return Upload("parquet: zero rows", "no-rows.parquet", ValidCatalogs.WriteParquet([], [], [], rowGroups: 1, CompressionMethod.Snappy), "no-rows.parquet", "no data rows");

        // Zip-bomb-like: sizes far beyond what the file holds; refused before anything that large is allocated.
        yield return Upload("parquet bomb: file declares 2^40 rows", "rows-2e40.parquet",
            ParquetSurgery.Footer(pq, (p, v) => p is "3" or "4/3" ? 1L << 40 : v), "rows-2e40.parquet", "1099511627776 rows");
        yield return Upload("parquet bomb: row group declares 2^31-1 rows", "rows-int-max.parquet",
            ParquetSurgery.Footer(pq, (p, v) => p is "3" ? int.MaxValue + v - 150 : p is "4/3" && v == 150 ? int.MaxValue : v), "rows-int-max.parquet", "2147483647 rows");
        yield return Upload("parquet bomb: rows disagree with row groups", "rows-mismatch.parquet",
            ParquetSurgery.Footer(pq, (p, v) => p is "3" ? v + 1 : v), "rows-mismatch.parquet", "301", "300");
        yield return Upload("parquet bomb: column chunk of 1 TiB compressed", "chunk-1t.parquet",
            ParquetSurgery.Footer(pq, (p, v) => p is "4/1/3/7" ? 1L << 40 : v), "chunk-1t.parquet", "outside the file");
        yield return Upload("parquet bomb: column chunk of 1 TiB uncompressed", "chunk-1t-raw.parquet",
            ParquetSurgery.Footer(pq, (p, v) => p is "4/1/3/6" ? 1L << 40 : v), "chunk-1t-raw.parquet", "1099511627776");
        yield return Upload("parquet bomb: column chunk with 2^40 values", "values-2e40.parquet",
            ParquetSurgery.Footer(pq, (p, v) => p is "4/1/3/5" ? 1L << 40 : v), "values-2e40.parquet", "outside the file");
        yield return Upload("parquet bomb: data page offset past the end", "offset-past.parquet",
            ParquetSurgery.Footer(pq, (p, v) => p is "4/1/3/9" ? pq.Length * 10L : v), "offset-past.parquet", "outside the file");
        yield return Upload("parquet bomb: page declares 2 GiB uncompressed", "page-2g.parquet",
            ParquetSurgery.FirstPageHeader(pq, (p, v) => p is "2" ? int.MaxValue : v), "page-2g.parquet", "2147483647");
        yield return Upload("parquet bomb: gzip page declares 2 GiB uncompressed", "gzip-page-2g.parquet",
            ParquetSurgery.FirstPageHeader(valid.GzipParquet, (p, v) => p is "2" ? int.MaxValue : v), "gzip-page-2g.parquet", "2147483647");
        yield return Upload("parquet bomb: page declares 2 GiB compressed", "page-2g-compressed.parquet",
            ParquetSurgery.FirstPageHeader(pq, (p, v) => p is "3" ? int.MaxValue : v), "page-2g-compressed.parquet", "2147483647");
        yield return Upload("parquet bomb: page declares a negative size", "page-negative.parquet",
            ParquetSurgery.FirstPageHeader(pq, (p, v) => p is "2" ? -1 : v), "page-negative.parquet", "-1");
        yield return Upload("parquet bomb: page declares 2^31-1 values", "page-values.parquet",
            ParquetSurgery.FirstPageHeader(pq, (p, v) => p is "5/1" or "7/1" ? int.MaxValue : v), "page-values.parquet", "2147483647");

        yield return Values("parquet: NaN RA", "nan-ra.parquet",
            ValidCatalogs.WriteParquet(valid.Names, [.. valid.Ra[..9], double.NaN, .. valid.Ra[10..]], valid.Dec, 2, CompressionMethod.Snappy),
            NameRaDec, "nan-ra.parquet", "row 10", "'ra'", "NaN");
        yield return Values("parquet: Dec 100", "dec-100.parquet",
            ValidCatalogs.WriteParquet(valid.Names, valid.Ra, [.. valid.Dec[..199], 100, .. valid.Dec[200..]], 2, CompressionMethod.Snappy),
            NameRaDec, "dec-100.parquet", "row 200", "'dec'", "100");
        yield return Values("parquet: null identifier", "null-id.parquet",
            ValidCatalogs.WriteParquet([.. valid.Names[..4], null!, .. valid.Names[5..]], valid.Ra, valid.Dec, 2, CompressionMethod.Snappy),
            NameRaDec, "null-id.parquet", "row 5", "identifier is empty");
        yield return Values("parquet: duplicated identifier", "dup-id.parquet",
            ValidCatalogs.WriteParquet([.. valid.Names[..250], valid.Names[0], .. valid.Names[251..]], valid.Ra, valid.Dec, 2, CompressionMethod.Snappy),
            NameRaDec, "dup-id.parquet", "row 251", "already used");
        yield return Values("parquet: RA column missing", "no-ra.parquet",
            ValidCatalogs.WriteParquet(valid.Names, valid.Ra, valid.Dec, 1, CompressionMethod.Snappy, raName: "flux"),
            HostileColumns.Guessed, "RA column") with { CliMentions = ["RA column", "--ra-column"] };
    }

    private static byte[] WithFooterLength(byte[] file, int length)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(copy.Length - 8), length);
        return copy;
    }
}
