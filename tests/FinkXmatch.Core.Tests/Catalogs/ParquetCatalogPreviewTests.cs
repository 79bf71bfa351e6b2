using FinkXmatch.Core.Catalogs;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// The preview of a Parquet catalog read from its first pages (<see cref="ParquetCatalogPreview"/>) must be the text
/// Parquet.Net's values give (the same file inspected from a stream in memory, which has no file handle and so reads
/// the rows through Parquet.Net), for files written by Apache Parquet C++ with small pages, dictionaries falling back to
/// PLAIN, nulls, text that is empty or not ASCII, Snappy and no compression, large v2 pages; a first row group shorter than the preview
/// and a column of bytes go through Parquet.Net.
/// </summary>
public sealed class ParquetCatalogPreviewTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxm-preview-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(Compression.Snappy, true, 3000, false)]
    [InlineData(Compression.Snappy, false, 3000, false)]
    [InlineData(Compression.Uncompressed, true, 3000, false)]
    [InlineData(Compression.Uncompressed, false, 7, false)]
    [InlineData(Compression.Snappy, true, 4, false)]
    [InlineData(Compression.Snappy, true, 3000, true)]
    [InlineData(Compression.Snappy, false, 3000, false, true)]
    [InlineData(Compression.Uncompressed, false, 3000, false, true)]
    public void The_preview_from_the_pages_is_the_text_of_parquet_nets_values(Compression compression, bool dictionary, int firstGroupRows, bool bytesColumn,
        bool largeV2Pages = false)
    {
        var path = Path.Combine(_dir, $"c-{compression}-{dictionary}-{firstGroupRows}-{bytesColumn}-{largeV2Pages}.parquet");
        Write(path, compression, dictionary, firstGroupRows, bytesColumn, largeV2Pages);

        CatalogSummary fromFile;
        bool paged;
        using (var reader = CatalogReaders.Open(path))
        {
            paged = ParquetCatalogPreview.TryRead(ParquetCatalogReader.Of(reader)!, 10) is not null;
            fromFile = CatalogInspector.Inspect(reader, previewRows: 10);
        }
        using var inMemory = ParquetCatalogReader.Open(new MemoryStream(File.ReadAllBytes(path)), Path.GetFileName(path));
        var fromValues = CatalogInspector.Inspect(inMemory, previewRows: 10);

        // Read from the pages unless the first group is shorter than the preview (and another follows) or a column is bytes.
        Assert.Equal(firstGroupRows >= 10 && !bytesColumn, paged);
        Assert.Equal(10, fromValues.Preview.Count);
        Assert.Equal(fromValues.Preview, fromFile.Preview);
        Assert.Equal(fromValues.Rows, fromFile.Rows);
        Assert.Equal(fromValues.Guess, fromFile.Guess);
        Assert.Contains(fromFile.Preview, row => row[3] == "");          // a null identifier
        Assert.Contains(fromFile.Preview, row => row[3].Contains('é', StringComparison.Ordinal));
    }

    // Pages of 1 KiB (v1), or of up to 4 MiB (v2: levels stored apart from the values), as catalogs are written: read from their start.
    private static void Write(string path, Compression compression, bool dictionary, int firstGroupRows, bool bytesColumn, bool largeV2Pages)
    {
        var columns = new List<Column>
        {
            new Column<double?>("ra"), new Column<double>("dec"), new Column<long>("candid"), new Column<string>("name"),
            new Column<float?>("mag"), new Column<int>("flag"),
        };
        if (bytesColumn) columns.Add(new Column<byte[]>("blob"));
        var builder = new WriterPropertiesBuilder().Compression(compression).DataPagesize(largeV2Pages ? 4 << 20 : 1024).WriteBatchSize(100)
            .DataPageVersion(largeV2Pages ? ParquetDataPageVersion.V2 : ParquetDataPageVersion.V1);
        builder = dictionary ? builder.EnableDictionary().DictionaryPagesizeLimit(2048) : builder.DisableDictionary();
        using var properties = builder.Build();
        using var file = new ParquetFileWriter(path, [.. columns], properties);
        var rng = new Random(path.Length);
        foreach (var rows in new[] { firstGroupRows, 3000 })
        {
            using var rowGroup = file.AppendRowGroup();
            Column(rowGroup, Enumerable.Range(0, rows).Select(i => i % 13 == 5 ? (double?)null : rng.NextDouble() * 360).ToArray());
            Column(rowGroup, Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 180 - 90).ToArray());
            Column(rowGroup, Enumerable.Range(0, rows).Select(i => 2_000_000_000_000L * (i % 2 == 0 ? 1 : -1) + i).ToArray());
            Column(rowGroup, Enumerable.Range(0, rows).Select(i => (i % 11) switch { 2 => null, 6 => "", _ => $"Sé{rng.Next(40):D7}" }).ToArray());
            Column(rowGroup, Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? (float?)null : (float)(15 + rng.NextDouble() * 6)).ToArray());
            Column(rowGroup, Enumerable.Range(0, rows).Select(i => i % 3 - 1).ToArray());
            if (bytesColumn) Column(rowGroup, Enumerable.Range(0, rows).Select(i => new byte[] { (byte)i, 1, 2 }).ToArray());
        }
        file.Close();
    }

    private static void Column<T>(RowGroupWriter rowGroup, T[] values)
    {
        using var writer = rowGroup.NextColumn().LogicalWriter<T>();
        writer.WriteBatch(values);
    }
}
