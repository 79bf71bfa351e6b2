using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>The direct flat-column path must give exactly what Parquet.Net gives, or decline.</summary>
public sealed class FlatChunkReaderTests
{
    [Fact]
    public void PageHeaderOfAGeneratedChunkParses()
    {
        var bytes = Convert.FromHexString(
            "15001590f62c15baf62c2c15e0ce051500150615061c18084f37569dec7f7640180800ccacce746c733f160028084f37569dec7f7640180800ccacce746c733f000000");
        var length = PageHeader.Read(bytes, out var header);
        Assert.Equal(bytes.Length, length);
        Assert.Equal(PageHeader.DataPage, header.Type);
        Assert.Equal(46000, header.NumValues);
        Assert.Equal(0, header.Encoding);
    }

    public static TheoryData<string> Files() => new() { SampleFiles.Part2, SampleFiles.Part3, GeneratedFile.Value };

    private static readonly Lazy<string> GeneratedFile = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "finkxmatch-flatchunk-" + Environment.ProcessId);
        var options = new DatalakeGeneratorOptions(root, new DateOnly(2024, 1, 1), 1, 3000, CutoutBytes: 0, RowGroupSize: 1000, MaxHistory: 2);
        new DatalakeGenerator(options).GenerateAsync().GetAwaiter().GetResult();
        return Directory.GetFiles(root, "*.parquet", SearchOption.AllDirectories)[0];
    });

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EveryFlatColumnReadsAsParquetNetReadsIt(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        using var handle = File.OpenHandle(path);
        using var raw = new RawColumnSource(File.OpenHandle(path));
        var checkedColumns = 0;
        foreach (var field in reader.Schema.GetDataFields().Where(f => f.MaxRepetitionLevel == 0))
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.RowGroups[g];
                var rows = (int)group.RowCount;
                var all = Enumerable.Range(0, rows).ToArray();
                var chosen = all.Where(r => r % 7 == 3 || r == rows - 1).Distinct().ToArray();
                var direct = raw.TrySelect(group, field, rows, chosen);
                if (direct is null) continue;
                var reference = await LeafSelection.ReadAsync(group, field, rows, chosen, CancellationToken.None);
                Assert.Equal(reference.Definitions, direct.Definitions);
                Assert.Equal(reference.RowStart, direct.RowStart);
                Assert.Equal(reference.Values.Length, direct.Values.Length);
                for (var i = 0; i < reference.Values.Length; i++)
                    Assert.True(Same(reference.Values[i], direct.Values[i]), $"{field.Path} row {chosen[i]}: {reference.Values[i]} vs {direct.Values[i]}");
                checkedColumns++;
            }
        Assert.True(checkedColumns > 20, $"only {checkedColumns} column chunks went the direct way");
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (double x, double y) => x.Equals(y),
        (float x, float y) => x.Equals(y),
        _ => Equals(a, b),
    };
}
