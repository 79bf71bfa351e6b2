using System.Collections;
using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Tests.Datalake;

public sealed class RowMaterializerTests
{
    private static readonly string[] Paths =
    [
        "objectId", "candid", "candidate", "candidate.magpsf", "candidate.ssnamenr", "prv_candidates", "prv_candidates.magpsf",
        "cutoutScience", "cutoutDifference.stampData", "timestamp", "tracklet", "mulens", "roid",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ValuesOfRandomRowsEqualAFullIndependentRead(int seed)
    {
        foreach (var path in new[] { SampleFiles.Part2, SampleFiles.Part3 })
        {
            await using var file = await AlertFile.OpenAsync(path);
            var reference = ReferenceRows.Read(path);
            var random = new Random(seed);
            var rows = Enumerable.Range(0, file.RowGroupRows[0]).Where(_ => random.NextDouble() < 0.3).ToArray();
            var fields = (await file.GetSchemaAsync()).Resolve(Paths);

            var result = await file.ReadRowsAsync(0, rows, fields);

            Assert.Equal(rows, result.Rows);
            Assert.Equal(Paths, result.Fields.Select(f => f.Field.Path));
            foreach (var values in result.Fields)
            {
                Assert.Equal(rows.Length, values.Values.Count);
                for (var i = 0; i < rows.Length; i++)
                    AssertSame(ReferenceRows.At(reference[rows[i]], values.Field.Path), values.Values[i], $"{values.Field.Path} row {rows[i]}");
            }
        }
    }

    [Fact]
    public async Task ShapesAreRecordsListsAndClrLeaves()
    {
        await using var file = await AlertFile.OpenAsync(SampleFiles.Part2);
        var schema = await file.GetSchemaAsync();
        var result = await file.ReadRowsAsync(0, [0, 5, 66], schema.Resolve(["candidate", "prv_candidates", "cutoutScience.stampData", "candidate.fid"]));
        var candidate = Assert.IsType<AlertRecord>(result["candidate"].Values[1]);
        Assert.Equal(schema.Find("candidate").Children.Select(c => c.Name), candidate.Names);
        Assert.IsType<double>(candidate["ra"]);
        Assert.IsType<float>(candidate["magpsf"]);
        var history = Assert.IsType<List<object?>>(result["prv_candidates"].Values[0]);
        Assert.NotEmpty(history);
        Assert.All(history, e => Assert.IsType<AlertRecord>(e));
        var stamp = Assert.IsType<byte[]>(result["cutoutScience.stampData"].Values[2]);
        Assert.True(stamp.Length > 1000, "real cutouts are kilobytes of gzipped FITS");
        Assert.Equal((byte)0x1f, stamp[0]);
        Assert.IsType<int>(result["candidate.fid"].Values[0]);
    }

    [Fact]
    public async Task RejectsUnsortedOrOutOfRangeRows()
    {
        await using var file = await AlertFile.OpenAsync(SampleFiles.Part2);
        var fields = (await file.GetSchemaAsync()).Resolve(["objectId"]);
        await Assert.ThrowsAsync<ArgumentException>(() => file.ReadRowsAsync(0, [3, 2], fields));
        await Assert.ThrowsAsync<ArgumentException>(() => file.ReadRowsAsync(0, [67], fields));
        Assert.Empty((await file.ReadRowsAsync(0, [], fields))["objectId"].Values);
    }

    /// <summary>Compares by the shape of the materialized value; the reference leaves null members out.</summary>
    internal static void AssertSame(object? expected, object? actual, string where)
    {
        switch (actual)
        {
            case null:
                Assert.True(expected is null, $"{where}: expected {expected}, got null");
                break;
            case AlertRecord record:
                Assert.True(expected is not null, $"{where}: expected null, got a record");
                foreach (var name in record.Names)
                    AssertSame(ReferenceRows.Member(expected!, name), record[name], $"{where}.{name}");
                break;
            case byte[] bytes:
                Assert.True(expected is byte[] e && e.AsSpan().SequenceEqual(bytes), $"{where}: bytes differ");
                break;
            case List<object?> list:
                var reference = Assert.IsAssignableFrom<IList>(expected);
                Assert.True(reference.Count == list.Count, $"{where}: {reference.Count} elements expected, got {list.Count}");
                for (var i = 0; i < list.Count; i++) AssertSame(reference[i], list[i], $"{where}[{i}]");
                break;
            default:
                Assert.True(Equals(expected, actual), $"{where}: expected {expected}, got {actual}");
                break;
        }
    }
}
