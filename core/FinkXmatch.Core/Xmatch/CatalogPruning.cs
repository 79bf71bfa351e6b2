using System.Collections.Concurrent;
using System.Diagnostics;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// A job's catalog index built on the small side: where a big catalog meets few alerts (10 M sources, one night of
/// 250,000 alerts), the alerts' positions are read first (<see cref="AlertReach"/>, tens of nanoseconds per alert) and
/// only the sources that can lie within the radius of one of them are indexed (the index costs some hundreds of
/// nanoseconds per source). The results are those of the whole catalog's index: entries keep the catalog's rows and
/// order, and a source left out is farther than the radius from every alert of the nights.
/// <para>
/// When it pays: at most so many alerts per source in the nights (their count is in the files' footers, which the scan
/// reads anyway and keeps), each alert weighed by the cells its disc marks (<see cref="AlertReach.CellsPerAlert"/>):
/// reading an alert costs ~40 ns of CPU per cell marked, indexing a source ~400 ns, and the share of the catalog left
/// grows with the cells marked. A job alone (<see cref="BuildIndexAsync(SourceCatalog, IReadOnlyList{DatalakeShard}, double, int, CancellationToken)"/>:
/// the CLI, <see cref="LocalXmatchRunner"/>) pays for the whole index itself, so it prunes up to
/// <see cref="JobAlertsPerSource"/> from <see cref="JobMinSources"/> sources; the service shares the whole index between
/// its jobs (<see cref="CatalogIndexCache"/>) and prunes less (<see cref="MinSources"/>, <see cref="AlertsPerSource"/>).
/// </para>
/// </summary>
public static class CatalogPruning
{
    /// <summary>Smaller catalogs are indexed whole by the service (their index is shared by its jobs).</summary>
    public const int MinSources = 100_000;

    /// <summary>Nights holding more (weighed) alerts per source than this index the whole catalog, in the service.</summary>
    public const int AlertsPerSource = 4;

    /// <summary>
    /// A job alone indexes smaller catalogs whole: below this, the whole index costs ~0.02 s of CPU, and a smaller
    /// catalog that can go through the nights' sky index (<see cref="CatalogCells"/>) should not read every position first.
    /// </summary>
    public const int JobMinSources = 50_000;

    /// <summary>
    /// Nights holding more (weighed) alerts per source than this: a job alone indexes the whole catalog. Measured
    /// (2026-12-07, whole CLI jobs, ZTF): 1 M sources at 1.5" over 20 nights (5.3 weighed alerts per source) 0.83 -> 0.61
    /// s of CPU pruned; at 60" (21 per source) 1.11 -> 1.21 s, so not; 75 k sources at 1.5" over 1, 2, 3 nights (3.5,
    /// 7.0, 10.5 per source) 0.200 -> 0.190, 0.210 -> 0.205, 0.215 -> 0.215 s.
    /// </summary>
    public const int JobAlertsPerSource = 8;

    /// <summary>Builds the index of <paramref name="catalog"/> for the alerts of <paramref name="nights"/>, pruned when it pays.</summary>
    /// <exception cref="DatalakeException">A night's file cannot be read.</exception>
    public static Task<CatalogIndex> BuildIndexAsync(SourceCatalog catalog, IReadOnlyList<DatalakeShard> nights, double radiusArcsec,
        int parallelism, CancellationToken cancellationToken = default) =>
        BuildIndexAsync(catalog, nights, radiusArcsec, parallelism, JobMinSources, JobAlertsPerSource, cancellationToken);

    /// <summary>The same with other thresholds, so that tests reach both sides of the rule with small data.</summary>
    internal static async Task<CatalogIndex> BuildIndexAsync(SourceCatalog catalog, IReadOnlyList<DatalakeShard> nights, double radiusArcsec,
        int parallelism, int minSources, int alertsPerSource, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pruned = await BuildPrunedAsync(catalog, nights, radiusArcsec, parallelism, minSources, alertsPerSource, cancellationToken).ConfigureAwait(false);
        if (pruned is not null) return pruned;
        var decided = clock.Elapsed;
        var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
        return new CatalogIndex(index, null, decided, clock.Elapsed - decided);
    }

    /// <summary>
    /// The index of the sources the alerts of <paramref name="nights"/> can reach, or null when the rule says to index
    /// the whole catalog (which the service then shares between jobs: <see cref="CatalogIndexCache"/>).
    /// </summary>
    /// <exception cref="DatalakeException">A night's file cannot be read.</exception>
    internal static async Task<CatalogIndex?> BuildPrunedAsync(SourceCatalog catalog, IReadOnlyList<DatalakeShard> nights, double radiusArcsec,
        int parallelism, int minSources, int alertsPerSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(nights);
        if (catalog.Count < minSources) return null;
        var clock = Stopwatch.StartNew();
        var files = nights.SelectMany(n => n.Files).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        if (await AlertsAsync(files, options).ConfigureAwait(false) * AlertReach.CellsPerAlert(radiusArcsec) > (double)alertsPerSource * catalog.Count) return null;
        var reach = await ReachAsync(files, radiusArcsec, options).ConfigureAwait(false);
        var survivors = reach.Survivors(catalog.RaDeg, catalog.DecDeg);
        var prune = clock.Elapsed;
        var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec, survivors);
        return new CatalogIndex(index, reach.Alerts, prune, clock.Elapsed - prune);
    }

    // The files' alerts, from their footers (kept in memory for the scan that follows).
    private static async Task<long> AlertsAsync(List<string> files, ParallelOptions options)
    {
        long alerts = 0;
        await Parallel.ForEachAsync(files, options, async (path, token) =>
        {
            await using var file = await AlertFile.OpenAsync(path, token).ConfigureAwait(false);
            Interlocked.Add(ref alerts, file.RowCount);
        }).ConfigureAwait(false);
        return alerts;
    }

    /// <summary>The reach of the files' alerts, read in parallel (positions only).</summary>
    internal static async Task<AlertReach> ReachAsync(List<string> files, double radiusArcsec, ParallelOptions options)
    {
        var reach = new AlertReach(radiusArcsec);
        var scanners = new ConcurrentBag<ShardScanner>();
        await Parallel.ForEachAsync(files, options, async (path, token) =>
        {
            var scanner = scanners.TryTake(out var idle) ? idle : new ShardScanner();
            await scanner.ScanFileAsync(path, (_, batch, _) =>
            {
                reach.Add(batch.Ra, batch.Dec);
                return ValueTask.CompletedTask;
            }, token).ConfigureAwait(false);
            scanners.Add(scanner);
        }).ConfigureAwait(false);
        return reach;
    }
}
