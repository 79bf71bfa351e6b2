using ParquetSharp;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>
/// Flat Parquet files written by Apache Parquet C++ (ParquetSharp) in the layouts Spark and pyarrow produce and the
/// generator does not: small data pages (many per chunk), dictionary pages whose size limit makes the writer fall
/// back to PLAIN within a chunk, null values, Snappy and no compression.
/// </summary>
internal static class ParquetCppFlatFiles
{
    public const int Columns = 7;
    public const int RowGroups = 2;
    private const int Rows = 3000;

    /// <summary>Writes the four files (Snappy or none, dictionary or not) into <paramref name="directory"/>.</summary>
    public static string[] Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var compression in new[] { Compression.Snappy, Compression.Uncompressed })
            foreach (var dictionary in new[] { true, false })
            {
                var path = Path.Combine(directory, $"flat-{compression}-{(dictionary ? "dictionary" : "plain")}.parquet");
                WriteFile(path, compression, dictionary);
                files.Add(path);
            }
        return [.. files];
    }

    private static void WriteFile(string path, Compression compression, bool dictionary)
    {
        Column[] columns =
        [
            new Column<double?>("ra"), new Column<double>("dec"), new Column<long>("candid"), new Column<string>("objectId"),
            new Column<float?>("magpsf"), new Column<int>("fid"), new Column<byte[]>("stamp"),
        ];
        var builder = new WriterPropertiesBuilder().Compression(compression).DataPagesize(1024).WriteBatchSize(100);
        // A small dictionary limit: high-cardinality columns switch to PLAIN pages after the first few.
        builder = dictionary ? builder.EnableDictionary().DictionaryPagesizeLimit(2048) : builder.DisableDictionary();
        using var properties = builder.Build();
        using var file = new ParquetFileWriter(path, columns, properties);
        var rng = new Random(path.Length);
        for (var g = 0; g < RowGroups; g++)
        {
            using var rowGroup = file.AppendRowGroup();
            Write(rowGroup, Enumerable.Range(0, Rows).Select(i => i % 13 == 5 ? (double?)null : rng.NextDouble() * 360).ToArray());
            Write(rowGroup, Enumerable.Range(0, Rows).Select(_ => rng.NextDouble() * 180 - 90).ToArray());
            Write(rowGroup, Enumerable.Range(0, Rows).Select(i => 2_000_000_000_000L + g * Rows + i).ToArray());
            Write(rowGroup, Enumerable.Range(0, Rows).Select(i => i % 11 == 2 ? null : $"ZTF24{rng.Next(40):D7}").ToArray());
            Write(rowGroup, Enumerable.Range(0, Rows).Select(i => i % 3 == 0 ? (float?)null : (float)(15 + rng.NextDouble() * 6)).ToArray());
            Write(rowGroup, Enumerable.Range(0, Rows).Select(i => 1 + i % 3).ToArray());
            Write(rowGroup, Enumerable.Range(0, Rows).Select(i => i % 7 == 1 ? null : Stamp(rng, 20 + i % 50)).ToArray());
        }
        file.Close();
    }

    private static void Write<T>(RowGroupWriter rowGroup, T[] values)
    {
        using var writer = rowGroup.NextColumn().LogicalWriter<T>();
        writer.WriteBatch(values);
    }

    private static byte[] Stamp(Random rng, int length)
    {
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }
}
