using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Tests.Datalake;

public sealed class ShardScannerTests
{
    [Theory]
    [InlineData(ScanColumns.Positions)]
    [InlineData(ScanColumns.Candid | ScanColumns.ObjectId)]
    public async Task ScanOfTheRealSampleEqualsAFullIndependentRead(ScanColumns columns)
    {
        var shard = DatalakeLayout.Open(TestData.Path("datalake-sample")).Shards[0];
        var seen = new List<(string File, int Row, double Ra, double Dec, long Candid, string? ObjectId)>();
        var scanner = new ShardScanner(columns);
        var stats = await scanner.ScanAsync(shard, (file, batch, _) =>
        {
            Assert.Equal(file.RowGroupRows[batch.RowGroup], batch.Count);
            for (var i = 0; i < batch.Count; i++)
                seen.Add((batch.File, i, batch.Ra[i], batch.Dec[i],
                    batch.Candid.IsEmpty ? -1 : batch.Candid[i], batch.ObjectId.IsEmpty ? null : batch.ObjectId[i]));
            return ValueTask.CompletedTask;
        });

        Assert.Equal(2, stats.Files);
        var expected = shard.Files.SelectMany(f => ReferenceRows.Read(f).Select((row, i) => (File: f, Row: i, Values: row))).ToArray();
        Assert.Equal(67 + 57, expected.Length);
        Assert.Equal(expected.Length, stats.Alerts);
        Assert.Equal(expected.Length, seen.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            var (file, row, values) = expected[k];
            Assert.Equal((file, row), (seen[k].File, seen[k].Row));
            Assert.Equal((double)ReferenceRows.At(values, "candidate.ra")!, seen[k].Ra);
            Assert.Equal((double)ReferenceRows.At(values, "candidate.dec")!, seen[k].Dec);
            if ((columns & ScanColumns.Candid) != 0) Assert.Equal((long)values["candid"], seen[k].Candid);
            if ((columns & ScanColumns.ObjectId) != 0) Assert.Equal((string)values["objectId"], seen[k].ObjectId);
        }
        Assert.All(seen, s => Assert.InRange(s.Dec, -90, 90));
    }

    [Fact]
    public async Task RejectsAFileThatIsNotAnAlertFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "fxm-not-parquet-" + Guid.NewGuid().ToString("N") + ".parquet");
        await File.WriteAllTextAsync(path, "not parquet");
        try
        {
            var e = await Assert.ThrowsAsync<DatalakeException>(() => AlertFile.OpenAsync(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }
}
