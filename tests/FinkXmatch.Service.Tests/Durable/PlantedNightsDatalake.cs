using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// A datalake of many nights holding counterparts (within 1 arcsec) of half the 3HSP sources, so that a job with a
/// small <c>CoresPerJob</c> runs for several seconds, night after night, and every night has matches. Also the job
/// request the durable job tests submit, and its independent reference: core's <see cref="LocalXmatchRunner"/>.
/// </summary>
internal static class PlantedNightsDatalake
{
    public const int Nights = 16;
    public const int AlertsPerNight = 6000;
    public const double RadiusArcsec = 2.0;
    public static readonly DateOnly FirstNight = new(2025, 6, 1);
    public static readonly string[] Fields = ["objectId", "candid", "candidate.magpsf", "candidate.jd"];

    public static string CatalogPath => TestData.Path("catalogs/3hsp.csv");

    public static string LastNight => Night(Nights - 1);

    public static string Night(int index) => FirstNight.AddDays(index).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Writes the datalake into <paramref name="root"/> (for <see cref="DurableCluster.CreateAsync"/>).</summary>
    public static async Task WriteAsync(string root)
    {
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(root, FirstNight, Nights, AlertsPerNight, Seed: 11,
            CutoutBytes: 0, MaxHistory: 0));
        var catalog = LoadCatalog();
        generator.Plant(Enumerable.Range(0, catalog.Count).Select(i => (catalog.RaDeg[i], catalog.DecDeg[i])).ToList(), 0.5, 1.0);
        await generator.GenerateAsync();
    }

    /// <summary>The body of <c>POST /api/v1/xmatch</c> for the uploaded 3HSP over every night.</summary>
    public static object Request(string catalogId) => new
    {
        catalogId, raColumn = "R.A.", decColumn = "Dec", idColumn = "id", radiusArcsec = RadiusArcsec, coordinates = "sexagesimal",
        startNight = Night(0), stopNight = LastNight, fields = Fields, match = "nearest",
    };

    /// <summary>What the job must produce, computed in this process by the local engine on the same datalake and options.</summary>
    public static async Task<ResultTable> ReferenceAsync(string datalake)
    {
        var catalog = LoadCatalog();
        var plan = await XmatchPlan.CreateAsync(datalake, new XmatchOptions(RadiusArcsec, Fields: Fields), catalog.IdColumn);
        var rows = new List<object?[]>();
        await LocalXmatchRunner.RunAsync(plan, catalog, (batch, _) =>
        {
            rows.AddRange(batch);
            return ValueTask.CompletedTask;
        }, parallelism: 1);
        return ResultTable.FromRows(plan.Result.ColumnNames.ToArray(), rows);
    }

    private static SourceCatalog LoadCatalog()
    {
        using var reader = CatalogReaders.Open(CatalogPath);
        return CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id", CoordinateFormat.Sexagesimal));
    }
}
