using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Tests.Datalake;
using FinkXmatch.Core.Tests.Matching;
using FinkXmatch.Core.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// Issue 18's schema evolution: a generated LSST night under the v9.0 alert schema and one under v10.0 (from the
/// real schema files), matched in one job. The pairs equal a brute-force reference over both nights' positions read
/// with Parquet C++; the columns are the union of the two schemas; what one version lacks is null in its night's rows.
/// </summary>
public sealed class LsstSchemaVersionsTests(GeneratedLsstDatalake lake) : IClassFixture<GeneratedLsstDatalake>
{
    private const double RadiusArcsec = 1.5;

    [Fact]
    public async Task Nights_of_v9_and_v10_are_matched_in_one_job_with_the_union_of_their_columns()
    {
        var catalog = new SourceCatalog("sources.csv", "source", lake.Sources.Select(s => s.ra).ToArray(),
            lake.Sources.Select(s => s.dec).ToArray(), Enumerable.Range(0, lake.Sources.Count).Select(i => $"s{i}").ToArray());
        var plan = await XmatchPlan.CreateAsync(lake.Root, new XmatchOptions(RadiusArcsec, MatchMode.All, Packet: "full", Survey: Survey.Lsst), "source");
        Assert.Equal(2, plan.Shards.Count);

        // The union of the two versions' top-level columns, each once, the identifiers first.
        var v9 = TopLevel(lake.File(GeneratedLsstDatalake.V9Night));
        var v10 = TopLevel(lake.File(GeneratedLsstDatalake.V10Night));
        var only9 = v9.Except(v10).ToArray();
        var only10 = v10.Except(v9).ToArray();
        Assert.NotEmpty(only9);
        Assert.NotEmpty(only10);
        Assert.Equal(v9.Union(v10).Append("diaObjectId").Append("separation_arcsec").Append("source").Order(StringComparer.Ordinal),
            plan.Result.ColumnNames.Order(StringComparer.Ordinal));
        Assert.Contains(plan.MissingFieldNotes, n => only10.Any(c => n.Contains(c, StringComparison.Ordinal)) && n.Contains("2025-12-30", StringComparison.Ordinal));
        Assert.Contains(plan.MissingFieldNotes, n => only9.Any(c => n.Contains(c, StringComparison.Ordinal)) && n.Contains("2026-01-01", StringComparison.Ordinal));

        var rows = new List<object?[]>();
        await LocalXmatchRunner.RunAsync(plan, catalog, (batch, _) =>
        {
            rows.AddRange(batch);
            return ValueTask.CompletedTask;
        }, parallelism: 2);

        // The pairs: every (alert, source) within the radius, by brute force over both nights.
        var names = plan.Result.ColumnNames.ToList();
        var alerts = Positions(lake.File(GeneratedLsstDatalake.V9Night)).Select(a => (a.Id, a.Ra, a.Dec, Night: "v9"))
            .Concat(Positions(lake.File(GeneratedLsstDatalake.V10Night)).Select(a => (a.Id, a.Ra, a.Dec, Night: "v10"))).ToList();
        var expected = (from a in alerts
                        from s in Enumerable.Range(0, catalog.Count)
                        where BruteForceMatcher.HaversineArcsec(a.Ra, a.Dec, catalog.RaDeg[s], catalog.DecDeg[s]) < RadiusArcsec
                        select $"{a.Id}|{catalog.Ids[s]}").Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= lake.Planted.Count(p => p.SeparationArcsec < RadiusArcsec), $"{expected.Count} pairs");
        Assert.Equal(expected, rows.Select(r => $"{r[names.IndexOf("diaSourceId")]}|{r[names.IndexOf("source")]}").Order(StringComparer.Ordinal));

        // Each night's rows: its own version's columns hold values, the other version's are null.
        var nightOf = alerts.ToDictionary(a => a.Id, a => a.Night);
        foreach (var row in rows)
        {
            var lacking = nightOf[(long)row[names.IndexOf("diaSourceId")]!] == "v9" ? only10 : only9;
            foreach (var column in lacking) Assert.Null(row[names.IndexOf(column)]);
        }
        Assert.Contains(rows, r => nightOf[(long)r[names.IndexOf("diaSourceId")]!] == "v9");
        Assert.Contains(rows, r => nightOf[(long)r[names.IndexOf("diaSourceId")]!] == "v10");
    }

    private static string[] TopLevel(string file)
    {
        using var reader = new ParquetFileReader(file);
        var root = reader.FileMetaData.Schema.GroupNode;
        return Enumerable.Range(0, root.FieldCount).Select(i => root.Field(i).Name).ToArray();
    }

    private static List<(long Id, double Ra, double Dec)> Positions(string file)
    {
        using var reader = new ParquetFileReader(file);
        var schema = reader.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).ToDictionary(i => schema.Column(i).Path.ToDotString(), i => i);
        var alerts = new List<(long, double, double)>();
        for (var g = 0; g < reader.FileMetaData.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var ids = Read<long?>(group, columns["diaSourceId"], n);
            var ra = Read<double?>(group, columns["diaSource.ra"], n);
            var dec = Read<double?>(group, columns["diaSource.dec"], n);
            for (var r = 0; r < n; r++) alerts.Add((ids[r]!.Value, ra[r]!.Value, dec[r]!.Value));
        }
        return alerts;
    }

    private static T[] Read<T>(RowGroupReader group, int column, int rows)
    {
        using var reader = group.Column(column).LogicalReader<T>();
        return reader.ReadAll(rows);
    }
}
