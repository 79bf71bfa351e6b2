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
/// grows with the cells marked; with fewer sources than alerts, the catalog's cells are made first and an alert is only
/// tested against them (the few in them marked, and kept for the scan: <see cref="AlertCandidates"/>), so it weighs one.
/// A job alone (<see cref="BuildIndexAsync(SourceCatalog, IReadOnlyList{DatalakeShard}, double, int, CancellationToken)"/>:
/// the CLI, <see cref="LocalXmatchRunner"/>) pays for the whole index itself, so it prunes up to
/// <see cref="JobAlertsPerSource"/> from <see cref="JobMinSources"/> sources; the service shares the whole index between
/// its jobs (<see cref="CatalogIndexCache"/>) and prunes less (<see cref="MinSources"/>, <see cref="AlertsPerSource"/>).
/// </para>
/// </summary>
public static partial class CatalogPruning
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
        BuildIndexAsync(catalog, nights, radiusArcsec, parallelism, null, cancellationToken);

    /// <summary>
    /// The same, taking the nights' reach from <paramref name="ahead"/> (<see cref="ReadAhead"/>, started before the
    /// catalog was loaded) when it is of these nights and radius and the rule decides to prune.
    /// </summary>
    /// <exception cref="DatalakeException">A night's file cannot be read.</exception>
    public static Task<CatalogIndex> BuildIndexAsync(SourceCatalog catalog, IReadOnlyList<DatalakeShard> nights, double radiusArcsec,
        int parallelism, AlertReachAhead? ahead, CancellationToken cancellationToken = default) =>
        BuildIndexAsync(catalog, nights, radiusArcsec, parallelism, JobMinSources, JobAlertsPerSource, cancellationToken, ahead);

    /// <summary>
    /// Starts reading the reach of the alerts of <paramref name="nights"/> on the thread pool, for a job alone (the
    /// thresholds of <see cref="BuildIndexAsync(SourceCatalog, IReadOnlyList{DatalakeShard}, double, int, CancellationToken)"/>)
    /// whose catalog declares <paramref name="declaredSources"/> rows (a Parquet footer's count; null when its format
    /// tells none): the files' footers first, then, when a catalog of that size would be pruned, the positions. Null
    /// when no catalog of that size is pruned (or the size is unknown), so that nothing is read for nothing.
    /// </summary>
    public static AlertReachAhead? ReadAhead(IReadOnlyList<DatalakeShard> nights, double radiusArcsec, int parallelism, long? declaredSources,
        CancellationToken cancellationToken = default) =>
        ReadAhead(nights, radiusArcsec, parallelism, declaredSources, JobMinSources, JobAlertsPerSource, cancellationToken);

    /// <summary>The same with other thresholds (tests).</summary>
    internal static AlertReachAhead? ReadAhead(IReadOnlyList<DatalakeShard> nights, double radiusArcsec, int parallelism, long? declaredSources,
        int minSources, int alertsPerSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nights);
        if (declaredSources is not { } sources || sources < minSources) return null;
        var files = Files(nights);
        var options = Options(parallelism, cancellationToken);
        return new AlertReachAhead(files, radiusArcsec, Task.Run(async () =>
        {
            var (alerts, rowGroupRows) = await AlertsAsync(files, options).ConfigureAwait(false);
            return (alerts, rowGroupRows, Prunes(alerts, radiusArcsec, sources, alertsPerSource, alone: true) && !MarksCatalog(alerts, sources)
                ? await ReachAsync(files, radiusArcsec, options).ConfigureAwait(false) : null);
        }, cancellationToken));
    }

    /// <summary>The same with other thresholds, so that tests reach both sides of the rule with small data.</summary>
    internal static async Task<CatalogIndex> BuildIndexAsync(SourceCatalog catalog, IReadOnlyList<DatalakeShard> nights, double radiusArcsec,
        int parallelism, int minSources, int alertsPerSource, CancellationToken cancellationToken, AlertReachAhead? ahead = null)
    {
        var clock = Stopwatch.StartNew();
        var pruned = await BuildPrunedAsync(catalog, nights, radiusArcsec, parallelism, minSources, alertsPerSource, cancellationToken, ahead, alone: true).ConfigureAwait(false);
        if (pruned is not null) return pruned;
        var decided = clock.Elapsed;
        var index = HealpixIndex.BuildWhole(catalog.RaDeg, catalog.DecDeg, radiusArcsec);
        return new CatalogIndex(index, null, decided, clock.Elapsed - decided);
    }

    /// <summary>
    /// The index of the sources the alerts of <paramref name="nights"/> can reach, or null when the rule says to index
    /// the whole catalog (which the service then shares between jobs: <see cref="CatalogIndexCache"/>). <paramref name="alone"/>:
    /// for a job alone, whose scan takes the candidates kept (<see cref="CatalogIndex.Candidates"/>); the service's cache
    /// keeps neither them nor their weighing. The service's index leaves out the nights of a file that cannot be read
    /// (<see cref="CatalogIndex.Unread"/>, with its error), so that the job's other nights are still matched.
    /// </summary>
    /// <exception cref="DatalakeException">A night's file cannot be read (<paramref name="alone"/>: a job alone fails with it).</exception>
    internal static async Task<CatalogIndex?> BuildPrunedAsync(SourceCatalog catalog, IReadOnlyList<DatalakeShard> nights, double radiusArcsec,
        int parallelism, int minSources, int alertsPerSource, CancellationToken cancellationToken, AlertReachAhead? ahead = null, bool alone = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(nights);
        if (catalog.Count < minSources) return null;
        var clock = Stopwatch.StartNew();
        var files = Files(nights);
        var options = Options(parallelism, cancellationToken);
        // The service's: a file that cannot be read leaves its night out, the others read on.
        var unread = alone ? null : new ConcurrentDictionary<string, DatalakeException>(StringComparer.Ordinal);
        long alerts;
        IReadOnlyList<int>[] rowGroupRows;
        AlertReach? reach = null;
        if (ahead is not null && ahead.IsFor(files, radiusArcsec)) (alerts, rowGroupRows, reach) = await ahead.ReadAsync().ConfigureAwait(false);
        else (alerts, rowGroupRows) = await AlertsAsync(files, options, unread).ConfigureAwait(false);
        if (unread is { IsEmpty: false })
        {
            rowGroupRows = [.. files.Select((f, i) => (f, i)).Where(p => !unread.ContainsKey(p.f)).Select(p => rowGroupRows[p.i])];
            files = [.. files.Where(f => !unread.ContainsKey(f))];
        }
        if (!Prunes(alerts, radiusArcsec, catalog.Count, alertsPerSource, alone)) return null;
        // Read here when the reading ahead was for a catalog size that led to no pruning, or when the catalog is the
        // smaller side: then its cells first, and only the alerts in them marked, and kept for the scan (AlertCandidates).
        // The coarse cells alone: the reach tests alerts against them only (the index of the survivors has a mask, and
        // fine layer, of its own), and the fine layer was ~9 % of a 75 k one-night job's samples (wall 19.5 -> 17.3 ms).
        // The alerts' positions are read while the cells are made (ReachWhileMarkingAsync).
        AlertCandidates? candidates = null;
        if (reach is null && MarksCatalog(alerts, catalog.Count))
            (reach, candidates) = await ReachWhileMarkingAsync(catalog, files, rowGroupRows, radiusArcsec, options, alerts, alone, unread).ConfigureAwait(false);
        reach ??= await ReachAsync(files, radiusArcsec, options, unread: unread).ConfigureAwait(false);
        var survivors = reach.Survivors(catalog.RaDeg, catalog.DecDeg);
        var prune = clock.Elapsed;
        var index = HealpixIndex.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec, survivors);
        return new CatalogIndex(index, reach.Alerts, prune, clock.Elapsed - prune, candidates is { Complete: true } ? candidates : null)
        {
            Unread = UnreadNights(nights, unread),
        };
    }

    // Each night with a file that could not be read, with the first such file's error (in file order).
    private static Dictionary<string, DatalakeException> UnreadNights(IReadOnlyList<DatalakeShard> nights,
        ConcurrentDictionary<string, DatalakeException>? unread)
    {
        var byNight = new Dictionary<string, DatalakeException>(StringComparer.Ordinal);
        if (unread is null || unread.IsEmpty) return byNight;
        foreach (var night in nights)
            if (night.Files.FirstOrDefault(unread.ContainsKey) is { } file) byNight[night.Name] = unread[file];
        return byNight;
    }

    // Which side's cells are marked first: the catalog's when it holds fewer sources than the nights' alerts (75,000
    // sources, one night of 250,000 alerts). Marking an alert in the 8 MiB grid of the reach is a cache miss, as is
    // marking a source, but the catalog's mask is as coarse as its density allows, and testing an alert against it takes
    // a few nanoseconds; the alerts' side is read while the catalog loads (ReadAhead), the catalog's side after.
    private static bool MarksCatalog(long alerts, long sources) => sources < alerts;

    // The rule: at most so many weighed alerts per source. An alert marked in the reach weighs the cells its disc marks;
    // with the catalog's side marked first, an alert is only read and tested against the catalog's cells (the few in
    // them marked and kept for the scan, which then reads no position again), so it weighs one. Measured (2026-12-07,
    // native CLI, ZTF one night, 75 k sources at 60": 3.5 alerts per source, 14.3 weighed): the whole index ~40 ms of
    // CPU, pruned ~21 ms, the same results.
    // The service (alone false: its cache keeps the index, and its scans take no candidates) weighs every alert by its
    // cells, as it did before this was measured.
    private static bool Prunes(long alerts, double radiusArcsec, long sources, int alertsPerSource, bool alone) =>
        alerts * (alone && MarksCatalog(alerts, sources) ? 1 : AlertReach.CellsPerAlert(radiusArcsec)) <= (double)alertsPerSource * sources;

    private static List<string> Files(IReadOnlyList<DatalakeShard> nights) => nights.SelectMany(n => n.Files).ToList();

    private static ParallelOptions Options(int parallelism, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

    // The files' alerts, from their footers (kept in memory for the scan that follows); with `unread`, a file that
    // cannot be read goes there, with its error, instead of failing the count.
    private static async Task<(long Alerts, IReadOnlyList<int>[] RowGroupRows)> AlertsAsync(List<string> files, ParallelOptions options,
        ConcurrentDictionary<string, DatalakeException>? unread = null)
    {
        long alerts = 0;
        var rowGroupRows = new IReadOnlyList<int>[files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (f, token) =>
        {
            rowGroupRows[f] = [];
            try
            {
                await using var file = await AlertFile.OpenAsync(files[f], token).ConfigureAwait(false);
                Interlocked.Add(ref alerts, file.RowCount);
                rowGroupRows[f] = file.RowGroupRows;
            }
            catch (DatalakeException e) when (unread is not null)
            {
                unread[files[f]] = e;
            }
        }).ConfigureAwait(false);
        return (alerts, rowGroupRows);
    }

    /// <summary>
    /// The reach of the files' alerts, read in parallel (positions only); with <paramref name="catalogCells"/>, of those
    /// alerts alone that lie in the catalog's cells (<see cref="AlertReach.AddNear"/>), which go to <paramref name="candidates"/>;
    /// <paramref name="alerts"/>: how many the files hold (their footers'), which sizes that reach. With
    /// <paramref name="unread"/>, a file that cannot be read goes there with its error (what it gave before is in the
    /// reach: a wider reach, not a wrong one) instead of failing the reading.
    /// </summary>
    internal static async Task<AlertReach> ReachAsync(List<string> files, double radiusArcsec, ParallelOptions options, SkyCellMask? catalogCells = null,
        AlertCandidates? candidates = null, long alerts = 0, ConcurrentDictionary<string, DatalakeException>? unread = null)
    {
        var reach = catalogCells is null ? new AlertReach(radiusArcsec) : AlertReach.ForCatalogCells(radiusArcsec, catalogCells, alerts);
        // One scanner for all: each file's scan takes a batch of its own from the pool.
        var scanner = new ShardScanner();
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (f, token) =>
        {
            var kept = Array.Empty<int>();
            try
            {
                await scanner.ScanFileAsync(files[f], (file, batch, _) =>
                {
                    AddRowGroup(reach, catalogCells, candidates, f, file.RowGroupRows, batch, ref kept);
                    return ValueTask.CompletedTask;
                }, token).ConfigureAwait(false);
            }
            catch (DatalakeException e) when (unread is not null)
            {
                unread[files[f]] = e;
            }
            finally
            {
                if (kept.Length > 0) System.Buffers.ArrayPool<int>.Shared.Return(kept);
            }
        }).ConfigureAwait(false);
        return reach;
    }

    /// <summary>
    /// A row group's alerts added to <paramref name="reach"/>: with <paramref name="catalogCells"/>, those in them
    /// alone (and to <paramref name="candidates"/>), with <paramref name="kept"/> a buffer of the pool's, grown as needed.
    /// </summary>
    private static void AddRowGroup(AlertReach reach, SkyCellMask? catalogCells, AlertCandidates? candidates, int file,
        IReadOnlyList<int> rowGroupRows, PositionBatch batch, ref int[] kept)
    {
        if (catalogCells is null)
        {
            reach.Add(batch.Ra, batch.Dec);
            return;
        }
        if (kept.Length < batch.Count)
        {
            if (kept.Length > 0) System.Buffers.ArrayPool<int>.Shared.Return(kept);
            kept = System.Buffers.ArrayPool<int>.Shared.Rent(batch.Count);
        }
        var count = reach.AddNear(batch.Ra, batch.Dec, catalogCells, kept);
        candidates?.Add(file, rowGroupRows, batch, kept.AsSpan(0, count));
    }
}
