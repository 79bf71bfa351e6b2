using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// The catalog identifier of every result row, for catalogs loaded from files (held as bytes, made into text for the
/// matched rows only), against the identifiers written to those files, matched by brute force.
/// </summary>
public sealed class CatalogIdentifierResultTests(PlantedDatalake lake) : IClassFixture<PlantedDatalake>
{
    private const double Radius = 60;

    private async Task AssertResultsNameTheWrittenIdentifiers(string path, string[] written)
    {
        SourceCatalog catalog;
        using (var reader = CatalogReaders.Open(path)) catalog = CatalogLoader.Load(reader, new CatalogSelection("ra", "dec", "id"));
        var results = lake.NewResultPath();
        await EngineRun.ToFileAsync(lake.Root, catalog, EngineRun.Options(Radius, MatchMode.All), results);
        var (_, rows) = ResultRows.Read(results, "id");
        var reference = new BruteForceXmatch(lake.Reference.Alerts, lake.Catalog.RaDeg, lake.Catalog.DecDeg, written, Radius);
        Assert.True(rows.Count >= lake.Planted.Count);
        ResultAssert.EqualsReference(reference, Radius, MatchMode.All, rows);
    }

    [Fact]
    public async Task Parquet_catalog_with_integer_identifiers()
    {
        var n = lake.Catalog.Count;
        var ids = Enumerable.Range(0, n).Select(i => (i % 2 == 0 ? 1 : -1) * (5_000_000_000L + i * 977L)).ToArray();
        var path = lake.NewResultPath();
        var fields = new DataField[] { new DataField<long>("id"), new DataField<double>("ra"), new DataField<double>("dec") };
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream))
            for (var start = 0; start < n; start += 700)
            {
                var count = Math.Min(700, n - start);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>((DataField<long>)fields[0], ids.AsMemory(start, count));
                await group.WriteAsync<double>((DataField<double>)fields[1], lake.Catalog.RaDeg.AsMemory(start, count));
                await group.WriteAsync<double>((DataField<double>)fields[2], lake.Catalog.DecDeg.AsMemory(start, count));
            }
        await AssertResultsNameTheWrittenIdentifiers(path, [.. ids.Select(v => v.ToString(CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public async Task Csv_catalog_with_text_identifiers()
    {
        var n = lake.Catalog.Count;
        var ids = Enumerable.Range(0, n).Select(i => $"src é{i * 31 % 100_003} \"q\"").ToArray();
        var path = Path.ChangeExtension(lake.NewResultPath(), ".csv");
        await File.WriteAllLinesAsync(path, ["id,ra,dec", .. Enumerable.Range(0, n).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"\"{ids[i].Replace("\"", "\"\"", StringComparison.Ordinal)}\",{lake.Catalog.RaDeg[i]:R},{lake.Catalog.DecDeg[i]:R}"))]);
        await AssertResultsNameTheWrittenIdentifiers(path, ids);
    }
}
