using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>
/// A generated datalake (3 nights × 4000 alerts) holding a counterpart, at most <see cref="MaxOffsetArcsec"/> away,
/// of every source of the merged 3HSP + 4LAC + edge catalog, plus four more near each edge source; the reference
/// alerts and the brute-force pairs up to 3600 arcsec are computed once for the test class.
/// </summary>
public sealed class PlantedDatalake : IAsyncLifetime
{
    public const double MaxOffsetArcsec = 0.4;
    public const double LargestRadiusArcsec = 3600;
    private const int ExtraPerEdgeSource = 4;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "fxm-xmatch-" + Guid.NewGuid().ToString("N"));

    public SourceCatalog Catalog { get; } = ReferenceCatalogs.Merged();

    /// <summary>Planted alerts with the catalog index of their source.</summary>
    public IReadOnlyList<(PlantedAlert Alert, int Source)> Planted { get; private set; } = [];

    internal BruteForceXmatch Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new DatalakeGeneratorOptions(Root, new DateOnly(2025, 12, 30), Nights: 3, AlertsPerNight: 4000, Seed: 11,
            CutoutBytes: 0, RowGroupSize: 1500, AlertsPerFile: 2500, MaxHistory: 3);
        var generator = new DatalakeGenerator(options);
        // Catalog sources first, then the edge sources again so that several alerts crowd each pole and boundary.
        var positions = Enumerable.Range(0, Catalog.Count).Select(i => (Catalog.RaDeg[i], Catalog.DecDeg[i])).ToList();
        var edgeStart = Catalog.Count - ReferenceCatalogs.EdgeSources.Length;
        for (var k = 0; k < ExtraPerEdgeSource; k++)
            positions.AddRange(ReferenceCatalogs.EdgeSources.Select(e => (e.Ra, e.Dec)));
        generator.Plant(positions, fraction: 1, MaxOffsetArcsec);
        var result = await generator.GenerateAsync();

        Planted = result.Planted
            .Select(p => (p, p.SourceIndex < Catalog.Count ? p.SourceIndex : edgeStart + (p.SourceIndex - Catalog.Count) % ReferenceCatalogs.EdgeSources.Length))
            .ToArray();
        Reference = new BruteForceXmatch(ReferenceAlerts.ReadAll(Root), Catalog.RaDeg, Catalog.DecDeg, Catalog.Ids, LargestRadiusArcsec);
    }

    /// <summary>
    /// A datalake at <paramref name="root"/> holding a counterpart of about <paramref name="fraction"/> of the sources of
    /// <paramref name="catalog"/> (at most <see cref="MaxOffsetArcsec"/> away), one night's files cut into row groups of
    /// <paramref name="options"/>; returns the brute-force reference up to 3 arcseconds.
    /// </summary>
    internal static async Task<BruteForceXmatch> GenerateSparseAsync(DatalakeGeneratorOptions options, SourceCatalog catalog, double fraction)
    {
        var generator = new DatalakeGenerator(options);
        generator.Plant(Enumerable.Range(0, catalog.Count).Select(i => (catalog.RaDeg[i], catalog.DecDeg[i])).ToList(), fraction, MaxOffsetArcsec);
        await generator.GenerateAsync();
        return new BruteForceXmatch(ReferenceAlerts.ReadAll(options.Root), catalog.RaDeg, catalog.DecDeg, catalog.Ids, 3);
    }

    /// <summary>A fresh result file path beside (not inside) the datalake.</summary>
    public string NewResultPath()
    {
        Directory.CreateDirectory(Root + "-results");
        return Path.Combine(Root + "-results", Guid.NewGuid().ToString("N") + ".parquet");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        if (Directory.Exists(Root + "-results")) Directory.Delete(Root + "-results", recursive: true);
        return Task.CompletedTask;
    }
}
