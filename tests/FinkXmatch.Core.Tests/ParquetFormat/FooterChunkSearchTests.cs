using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Tests.Datalake;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// The chunks a scan plan keeps, found by searching the footer for their columns' paths (<see cref="FooterChunkSearch"/>)
/// instead of walking every column chunk: on Spark-written ZTF and Rubin files, the ZTF files of earlier schema
/// generations and generated files of both surveys (several row groups, cutouts), the search is used and finds what
/// Parquet.Net's own footer reader reads; a footer where it cannot be certain (a path written otherwise in one row
/// group, row counts that do not add up) is walked, as before. Footers of one schema share its parsed leaves.
/// </summary>
public sealed class FooterChunkSearchTests
{
    public static TheoryData<string> AlertFiles() => new()
    {
        SampleFiles.Part2, SampleFiles.Part3, SampleFiles.Rubin,
        TestData.Path("ztf-generations/science_2019-09-03.parquet"), TestData.Path("ztf-generations/science_2020-01-01.parquet"),
        Generated.Value.Ztf, Generated.Value.Lsst,
    };

    private static readonly Lazy<(string Ztf, string Lsst)> Generated = new(() =>
    {
        var root = ProcessTempDirectory.Create("finkxmatch-chunksearch");
        string Write(string name, Survey? survey)
        {
            var options = new DatalakeGeneratorOptions(Path.Combine(root, name), new DateOnly(2024, 1, 1), 1, 3_000, CutoutBytes: 2_000,
                RowGroupSize: 700, MaxHistory: 2, SurveyChoice: survey);
            new DatalakeGenerator(options).GenerateAsync().GetAwaiter().GetResult();
            return Directory.GetFiles(Path.Combine(root, name), "*.parquet", SearchOption.AllDirectories).Single();
        }
        return (Write("ztf", null), Write("lsst", Survey.Lsst));
    });

    [Theory]
    [MemberData(nameof(AlertFiles))]
    public async Task The_search_finds_the_planned_chunks_as_parquet_net_reads_them(string path)
    {
        var (bytes, start) = Footer(path);
        var searched = ParquetFooter.Parse(bytes, ScanPlan.PlannedKeys, start);
        var walked = ParquetFooter.Parse(bytes, ScanPlan.PlannedKeys, start, walk: true);
        Assert.True(searched.FoundBySearch);
        Assert.False(walked.FoundBySearch);
        Assert.Same(walked.Leaves, searched.Leaves);

        await using var reference = await Parquet.ParquetReader.CreateAsync(path);
        var fields = reference.Schema.GetDataFields();
        Assert.Equal(reference.RowGroups.Select(g => (int)g.RowCount), searched.RowGroupRows);
        var planned = Enumerable.Range(0, searched.Leaves.Count).Where(l => ScanPlan.PlannedKeys.Contains(searched.Leaves[l].Path)).ToArray();
        Assert.Equal(4, planned.Length);   // positions and identifiers
        for (var g = 0; g < reference.RowGroupCount; g++)
        {
            foreach (var leaf in planned)
            {
                Assert.Equal(ParquetFooter.PathKey(fields[leaf].Path.ToList()), searched.Leaves[leaf].Path);
                var meta = reference.RowGroups[g].GetMetadata(fields[leaf])!.MetaData!;
                var chunk = searched.Chunk(g, leaf)!.Value;
                Assert.Equal((meta.Type, meta.Codec, meta.NumValues, meta.TotalCompressedSize, meta.TotalUncompressedSize, meta.DataPageOffset, meta.DictionaryPageOffset ?? 0),
                    (chunk.Type, chunk.Codec, chunk.NumValues, chunk.TotalCompressedSize, chunk.TotalUncompressedSize, chunk.DataPageOffset, chunk.DictionaryPageOffset));
                Assert.Equal(walked.Chunk(g, leaf), chunk);
            }
        }
    }

    [Fact]
    public void A_path_written_otherwise_in_one_row_group_sends_the_reader_back_to_the_walk()
    {
        var (bytes, start) = Footer(Generated.Value.Lsst);
        var walked = ParquetFooter.Parse(bytes, ScanPlan.PlannedKeys, start, walk: true);
        // diaSource.ra's path in the second row group's chunk: "ra" becomes "rb" (the walk reads no path).
        var path = "\u0019\u0028\u0009diaSource\u0002ra\u0015"u8.ToArray();
        var second = bytes.AsSpan().IndexOf(path) + path.Length;
        second += bytes.AsSpan(second).IndexOf(path);
        bytes[second + path.Length - 2] = (byte)'b';

        var read = ParquetFooter.Parse(bytes, ScanPlan.PlannedKeys, start);
        Assert.False(read.FoundBySearch);
        Same(walked, read);
    }

    [Fact]
    public void Row_counts_that_do_not_add_up_send_the_reader_back_to_the_walk()
    {
        var (bytes, start) = Footer(Generated.Value.Lsst);
        var walked = ParquetFooter.Parse(bytes, ScanPlan.PlannedKeys, start, walk: true);
        // The footer's num_rows (field 3, right after the schema list) made 1 more: the chunks found count 1 row less.
        var numRows = NumRowsAt(bytes);
        Assert.True(bytes[numRows] >= 0x80 && (bytes[numRows] & 0x7F) < 0x7E, "3,000 rows: zig-zag 6,000, a two-byte varint whose low byte takes +2");
        bytes[numRows] += 2;   // zig-zag: one row more

        var read = ParquetFooter.Parse(bytes, ScanPlan.PlannedKeys, start);
        Assert.False(read.FoundBySearch);
        Same(walked, read);
    }

    [Fact]
    public void Footers_of_one_schema_share_its_leaves_and_another_schema_is_read_as_its_own()
    {
        var (part2, start2) = Footer(SampleFiles.Part2);
        var (part3, start3) = Footer(SampleFiles.Part3);
        var (rubin, startRubin) = Footer(SampleFiles.Rubin);
        var a = ParquetFooter.Parse(part2, null, start2);
        var b = ParquetFooter.Parse(part3, ScanPlan.PlannedKeys, start3);
        var c = ParquetFooter.Parse(rubin, ScanPlan.PlannedKeys, startRubin);
        Assert.Same(a.Leaves, b.Leaves);
        Assert.NotSame(a.Leaves, c.Leaves);
        // Apache Parquet C++ (ParquetSharp) counts the same leaves.
        using var ztf = new ParquetSharp.ParquetFileReader(SampleFiles.Part2);
        using var lsst = new ParquetSharp.ParquetFileReader(SampleFiles.Rubin);
        Assert.Equal((ztf.FileMetaData.NumColumns, lsst.FileMetaData.NumColumns), (a.Leaves.Count, c.Leaves.Count));
        Assert.Equal(lsst.FileMetaData.Schema.Column(0).Path.ToDotString(), c.Leaves[0].Path.Replace('\0', '.'));
    }

    private static (byte[] Bytes, long Start) Footer(string path)
    {
        using var handle = File.OpenHandle(path);
        return ParquetFileLayout.ReadFooter(handle);
    }

    // The place of the footer's num_rows value: after the version field and the schema list.
    private static int NumRowsAt(byte[] footer)
    {
        var r = new ThriftCompactReader(footer);
        short field = 0;
        while (r.NextField(ref field, out var type))
        {
            if (field == ParquetThrift.FileMetaData.NumRows) return r.Position;
            r.Skip(type);
        }
        throw new InvalidDataException("no num_rows");
    }

    private static void Same(ParquetFooter expected, ParquetFooter actual)
    {
        Assert.Equal(expected.RowGroupRows, actual.RowGroupRows);
        for (var leaf = 0; leaf < expected.Leaves.Count; leaf++)
        {
            if (!ScanPlan.PlannedKeys.Contains(expected.Leaves[leaf].Path)) continue;
            for (var g = 0; g < expected.RowGroupRows.Length; g++) Assert.Equal(expected.Chunk(g, leaf), actual.Chunk(g, leaf));
        }
    }
}
