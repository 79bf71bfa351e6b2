using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Tests.Datalake;
using ParquetSharp;
using Xunit;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// A chunk's first rows read from the start of its first page (<see cref="FlatChunkReader.TrySelectHead"/>, a
/// catalog's preview) must be what reading the whole chunk gives for them (<see cref="FlatChunkReader.TrySelect"/>), for
/// every flat column of the real ZTF and Rubin samples, of Apache Parquet C++ files (v1 and v2 pages, Snappy and none,
/// nulls, small pages with dictionaries, large PLAIN pages, values longer than the first bytes read), and of chunks as
/// this project writes them; and it must take the large PLAIN pages that catalogs are written with.
/// </summary>
public sealed class HeadRowsTests
{
    private static readonly Lazy<string[]> CppFiles = new(() =>
    {
        var directory = ProcessTempDirectory.Create("finkxmatch-head-cpp");
        var files = new List<string>(ParquetCppFlatFiles.Write(directory));
        foreach (var compression in new[] { Compression.Snappy, Compression.Uncompressed })
            foreach (var version in new[] { ParquetDataPageVersion.V1, ParquetDataPageVersion.V2 })
                files.Add(WriteLargePages(Path.Combine(directory, $"large-{compression}-{version}.parquet"), compression, version));
        return [.. files];
    });

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string> { SampleFiles.Part2, SampleFiles.Part3, SampleFiles.Rubin };
        foreach (var file in CppFiles.Value) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheFirstRowsFromThePagesStartAreTheWholeChunksRows(string path)
    {
        using var handle = File.OpenHandle(path);
        var footer = ParquetFooter.Read(handle);
        var (head, whole) = (new FlatChunkReader(), new FlatChunkReader());
        int compared = 0, few = 0, fewTaken = 0;
        for (var leaf = 0; leaf < footer.Leaves.Count; leaf++)
        {
            var l = footer.Leaves[leaf];
            if (l.MaxRepetitionLevel != 0) continue;
            for (var g = 0; g < footer.RowGroupRows.Length; g++)
            {
                if (footer.Chunk(g, leaf) is not { } chunk) continue;
                var rows = footer.RowGroupRows[g];
                foreach (var count in new[] { 1, 3, 10, 100, rows })
                {
                    if (count > rows || !whole.TrySelect(handle, chunk, l.Type, l.MaxDefinitionLevel, rows, [.. Enumerable.Range(0, count)])) continue;
                    compared++;
                    few += count <= 100 ? 1 : 0;
                    if (!head.TrySelectHead(handle, chunk, l.Type, l.MaxDefinitionLevel, rows, count)) continue;
                    fewTaken += count <= 100 ? 1 : 0;
                    var where = $"{l.Path}, row group {g}, {count} rows";
                    Assert.Equal(whole.ChosenDefinitions.ToArray(), head.ChosenDefinitions.ToArray());
                    for (var i = 0; i < count; i++)
                    {
                        var (expected, actual) = l.Type switch
                        {
                            Parquet.Meta.Type.BYTE_ARRAY => (whole.ChosenBytes(i).ToArray(), head.ChosenBytes(i).ToArray()),
                            Parquet.Meta.Type.INT64 or Parquet.Meta.Type.DOUBLE => (BitConverter.GetBytes(whole.ChosenValue<long>(i)), BitConverter.GetBytes(head.ChosenValue<long>(i))),
                            _ => (BitConverter.GetBytes(whole.ChosenValue<int>(i)), BitConverter.GetBytes(head.ChosenValue<int>(i))),
                        };
                        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{where}: row {i}");
                    }
                }
            }
        }
        Assert.True(compared > 10, $"only {compared} chunks were read whole to compare with");
        // Large PLAIN pages: a preview's rows always from their start.
        if (Path.GetFileName(path).StartsWith("large-", StringComparison.Ordinal)) Assert.Equal(few, fewTaken);
    }

    [Theory]
    [InlineData(40_000, false)]
    [InlineData(40_000, true)]
    [InlineData(5, true)]
    public void TheFirstRowsOfWrittenChunksAreTheWholeChunksRows(int rows, bool optional)
    {
        // As this project writes them (FlatColumnChunk: Snappy pages of 16,384 rows): identifiers, numbers, positions with nulls.
        var path = Path.Combine(Path.GetTempPath(), $"finkxmatch-head-pages-{Environment.ProcessId}-{rows}-{optional}.bin");
        try
        {
            var rng = new Random(rows);
            var ids = new PlainByteArrays();
            for (var i = 0; i < rows; i++)
                if (optional && i % 9 == 4) ids.AddNull();
                else ids.Add($"ZTF24{rng.Next(10_000_000):D7}{new string('x', i % 5)}");
            var ras = Enumerable.Range(0, rows).Select(i => optional && i % 13 == 7 ? (double?)null : rng.NextDouble() * 360).ToArray();
            var writer = new FlatColumnChunk();
            var chunks = new List<(ColumnChunkInfo Meta, Parquet.Meta.Type Type, int MaxDefinition)>();
            using (var file = File.Create(path))
            {
                foreach (var (encode, type, maxDefinition) in new (Action, Parquet.Meta.Type, int)[]
                         {
                             (() => writer.ByteArrays(ids, optional), Parquet.Meta.Type.BYTE_ARRAY, optional ? 1 : 0),
                             (() => writer.Numbers(Enumerable.Range(0, rows).Select(i => 1_000_738_885_000_000_000L + i).ToArray()), Parquet.Meta.Type.INT64, 0),
                             (() => writer.Numbers(ras), Parquet.Meta.Type.DOUBLE, 1),
                         })
                {
                    encode();
                    chunks.Add((new ColumnChunkInfo(type, Parquet.Meta.CompressionCodec.SNAPPY, rows, writer.Bytes.Length, writer.UncompressedSize, file.Position, 0), type, maxDefinition));
                    file.Write(writer.Bytes.Span);
                }
            }
            using var handle = File.OpenHandle(path);
            var (head, whole) = (new FlatChunkReader(), new FlatChunkReader());
            foreach (var (meta, type, maxDefinition) in chunks)
                foreach (var count in new[] { 1, 10, Math.Min(rows, 16_384) }.Where(c => c <= rows))
                {
                    Assert.True(head.TrySelectHead(handle, meta, type, maxDefinition, rows, count), $"{type}, {count} rows");
                    Assert.True(whole.TrySelect(handle, meta, type, maxDefinition, rows, [.. Enumerable.Range(0, count)]));
                    Assert.Equal(whole.ChosenDefinitions.ToArray(), head.ChosenDefinitions.ToArray());
                    for (var i = 0; i < count; i++)
                        Assert.True(type == Parquet.Meta.Type.BYTE_ARRAY
                            ? whole.ChosenBytes(i).SequenceEqual(head.ChosenBytes(i))
                            : whole.ChosenValue<long>(i) == head.ChosenValue<long>(i), $"{type}: row {i}");
                }
            // Rows past the first page: not from its start.
            if (rows > 16_384) Assert.False(head.TrySelectHead(handle, chunks[0].Meta, chunks[0].Type, chunks[0].MaxDefinition, rows, 16_385));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // A catalog as tools write one: PLAIN pages of 1 MiB and more, no dictionary; a required and an optional position,
    // integers, short identifiers with nulls and long texts (the first ten of 3,000 characters: past the first bytes read).
    private static string WriteLargePages(string path, Compression compression, ParquetDataPageVersion version)
    {
        Column[] columns = [new Column<double>("ra"), new Column<double?>("dec"), new Column<long>("id"), new Column<string>("name"), new Column<string>("notes"), new Column<int?>("flag")];
        using var properties = new WriterPropertiesBuilder().Compression(compression).DataPageVersion(version).DataPagesize(4 << 20)
            .DisableDictionary().Build();
        using var file = new ParquetFileWriter(path, columns, properties);
        var rng = new Random(path.Length);
        foreach (var rows in new[] { 20_000, 3_000 })
        {
            using var rowGroup = file.AppendRowGroup();
            Write(rowGroup, Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 360).ToArray());
            Write(rowGroup, Enumerable.Range(0, rows).Select(i => i % 7 == 3 ? (double?)null : rng.NextDouble() * 180 - 90).ToArray());
            Write(rowGroup, Enumerable.Range(0, rows).Select(i => 4_000_000_000L * (i % 2 == 0 ? 1 : -1) + i).ToArray());
            Write(rowGroup, Enumerable.Range(0, rows).Select(i => i % 5 == 1 ? null : $"S{i:D9}").ToArray());
            Write(rowGroup, Enumerable.Range(0, rows).Select(i => new string((char)('a' + i % 26), i < 10 ? 3_000 : 1 + i % 40)).ToArray());
            Write(rowGroup, Enumerable.Range(0, rows).Select(i => i % 4 == 0 ? (int?)null : i).ToArray());
        }
        file.Close();
        return path;
    }

    private static void Write<T>(RowGroupWriter rowGroup, T[] values)
    {
        using var writer = rowGroup.NextColumn().LogicalWriter<T>();
        writer.WriteBatch(values);
    }
}
