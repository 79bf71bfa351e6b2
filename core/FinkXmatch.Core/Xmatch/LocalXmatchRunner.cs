using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// Receives all result rows of one night shard right after its scan (shards in any order, concurrently), as the
/// batches of its row groups in order: the place for per-shard work such as one Kafka transaction per shard.
/// </summary>
public delegate ValueTask ShardRowsHandler(DatalakeShard shard, IReadOnlyList<ResultBatch> batches, CancellationToken cancellationToken);

/// <summary>What a local crossmatch did; <paramref name="Nights"/>: each night's outcome (how it was read), in night order.</summary>
public sealed record XmatchSummary(int Shards, long Alerts, long Matches, TimeSpan IndexBuild, TimeSpan Scan, IReadOnlyList<ShardOutcome> Nights);

/// <summary>
/// Runs a plan in this process (the CLI and the benchmark): builds the HEALPix index once (of the sources the nights'
/// alerts can reach, for a big catalog: <see cref="CatalogPruning"/>; the whole catalog's while the first nights' positions
/// are read: <see cref="CatalogIndexUnderway"/>), scans shards in
/// parallel up to <c>parallelism</c>, hands each shard's rows to <c>onShard</c> as soon as it is scanned, and to the
/// sink in shard order (batch by batch), so that the output does not depend on scheduling.
/// </summary>
public static class LocalXmatchRunner
{
    public static async Task<XmatchSummary> RunAsync(XmatchPlan plan, SourceCatalog catalog, ResultRowsHandler sink,
        int parallelism, XmatchCounters? counters = null, CancellationToken cancellationToken = default,
        ShardRowsHandler? onShard = null, SkyIndexStore? skyIndex = null, ScanPlanStore? plansOnDisk = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var underway = await CatalogIndexUnderway.StartAsync(catalog, plan.Shards, plan.Options.RadiusArcsec, parallelism, null, cancellationToken).ConfigureAwait(false);
        var summary = await RunAsync(plan, catalog, underway, sink, parallelism, counters, cancellationToken, onShard, skyIndex, plansOnDisk).ConfigureAwait(false);
        var built = await underway.Built.ConfigureAwait(false);
        return summary with { IndexBuild = built.Prune + built.Build };
    }

    /// <summary>
    /// The same with an index built beforehand (for the plan's radius), so that repeated scans build it once. With
    /// <paramref name="skyIndex"/>, nights are read through their sky index when the catalog reaches few cells, and
    /// a night without one gets it from its scan (<see cref="ShardXmatcher"/>). Files are opened through the scan plans kept
    /// in <paramref name="plansOnDisk"/>, by default the sky-index store's. With <paramref name="candidates"/> (<see cref="CatalogIndex.Candidates"/>,
    /// of this catalog and radius), the files they cover are matched from them, their positions not read again.
    /// </summary>
    public static Task<XmatchSummary> RunAsync(XmatchPlan plan, SourceCatalog catalog, HealpixIndex index, ResultRowsHandler sink,
        int parallelism, XmatchCounters? counters = null, CancellationToken cancellationToken = default,
        ShardRowsHandler? onShard = null, SkyIndexStore? skyIndex = null, ScanPlanStore? plansOnDisk = null, AlertCandidates? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(index);
        CheckRadius(plan, index);
        CheckCandidates(plan, catalog, candidates);
        return RunCoreAsync(plan, catalog, Task.FromResult(index), null, candidates, sink, parallelism, counters, cancellationToken, onShard, skyIndex, plansOnDisk);
    }

    /// <summary>
    /// The same with an index that may still be being built (<see cref="CatalogIndexUnderway"/>): meanwhile, without a
    /// sky index, the nights' positions are read and the alerts in the catalog's cells kept (<see cref="AlertCandidates.ReadAsync"/>),
    /// those nights matched from them once the index is there. A pruned index, done at once, brings the alerts its reading kept
    /// (<see cref="CatalogIndex.Candidates"/>). The results are the same, in the same order.
    /// </summary>
    public static Task<XmatchSummary> RunAsync(XmatchPlan plan, SourceCatalog catalog, CatalogIndexUnderway index, ResultRowsHandler sink,
        int parallelism, XmatchCounters? counters = null, CancellationToken cancellationToken = default,
        ShardRowsHandler? onShard = null, SkyIndexStore? skyIndex = null, ScanPlanStore? plansOnDisk = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(index);
        var built = index.Built.ContinueWith(b =>
        {
            var healpix = b.GetAwaiter().GetResult().Index;
            CheckRadius(plan, healpix);
            return healpix;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var candidates = index.Built.IsCompletedSuccessfully ? index.Built.Result.Candidates : null;
        CheckCandidates(plan, catalog, candidates);
        return RunCoreAsync(plan, catalog, built, skyIndex is null ? index.Mask : null, candidates, sink, parallelism, counters, cancellationToken,
            onShard, skyIndex, plansOnDisk);
    }

    private static void CheckRadius(XmatchPlan plan, HealpixIndex index)
    {
        if (index.RadiusArcsec != plan.Options.RadiusArcsec)
            throw new ArgumentException($"the index was built for {index.RadiusArcsec} arcsec, the plan asks for {plan.Options.RadiusArcsec}", nameof(index));
    }

    private static void CheckCandidates(XmatchPlan plan, SourceCatalog catalog, AlertCandidates? candidates)
    {
        if (candidates is not null && (candidates.Catalog != catalog || candidates.RadiusArcsec != plan.Options.RadiusArcsec))
            throw new ArgumentException("the candidates are of another catalog or radius", nameof(candidates));
    }

    // With mask (and no sky index, no candidates): the nights started before the index is built are read through the
    // mask first, their candidates kept for the scan.
    private static async Task<XmatchSummary> RunCoreAsync(XmatchPlan plan, SourceCatalog catalog, Task<HealpixIndex> index, SkyCellMask? mask,
        AlertCandidates? candidates, ResultRowsHandler sink, int parallelism, XmatchCounters? counters, CancellationToken cancellationToken,
        ShardRowsHandler? onShard, SkyIndexStore? skyIndex, ScanPlanStore? plansOnDisk)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var indexBuild = TimeSpan.Zero;
        counters ??= new XmatchCounters();

        var shards = plan.Shards;
        var underway = mask is not null && candidates is null
            ? new AlertCandidates(catalog, plan.Options.RadiusArcsec, [.. shards.SelectMany(s => s.Files)]) : null;
        candidates ??= underway;
        var done = new List<ResultBatch>?[shards.Count];
        var outcomes = new ShardOutcome[shards.Count];
        var next = 0;
        var gate = new SemaphoreSlim(1, 1);
        long alerts = 0, matches = 0;
        // The nights whose sky index in memory holds none of the catalog's cells (most nights of a small catalog): answered
        // here, a range of nights per thread, where a task each cost more than the answer. The others are read in parallel.
        var known = new NightIndex?[shards.Count];
        var toRead = skyIndex is null ? [.. Enumerable.Range(0, shards.Count)]
            : AnswerInMemory(new ShardXmatcher(catalog, new CrossMatcher(await index.ConfigureAwait(false), plan.Options.Mode), plan.Result, counters, skyIndex, plansOnDisk),
                shards, outcomes, known, counters, Math.Max(1, parallelism), cancellationToken);
        for (var i = 0; i < shards.Count; i++)
        {
            if (outcomes[i].Shard is null) continue;
            done[i] = [];
            alerts += outcomes[i].Alerts;
            if (onShard is not null) await onShard(shards[i], [], cancellationToken).ConfigureAwait(false);
        }
        // Fewer nights than threads (a one-night job): the threads left over read the nights' files side by side.
        var filesAtOnce = Math.Max(1, Math.Max(1, parallelism) / Math.Max(1, toRead.Count));
        ShardXmatcher Scanner(HealpixIndex built) => new(catalog, new CrossMatcher(built, plan.Options.Mode), plan.Result, counters, skyIndex, plansOnDisk)
        {
            FilesAtOnce = filesAtOnce,
            Candidates = candidates,
        };
        // The nights read through the mask before the index was built, matched from their candidates once it is. One
        // thread fewer than the job's reads them, so that the index build (on the thread pool) keeps a core: the others
        // wait for it. A thread with no night left to start takes those that wait, so that it does not wait for the
        // others' last nights first.
        var waiting = new System.Collections.Concurrent.ConcurrentQueue<int>();
        using var readers = new SemaphoreSlim(Math.Max(0, parallelism - 1));
        var started = -1;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new Task[Math.Max(1, Math.Min(parallelism, toRead.Count))];
        for (var w = 0; w < workers.Length; w++)
            workers[w] = Task.Run(async () =>
            {
                try
                {
                    await WorkAsync(failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }, CancellationToken.None);
        // A failure cancels the other workers (their tasks end cancelled): the failure is what is thrown.
        await Task.WhenAll(workers).ConfigureAwait(false);
        return new XmatchSummary(shards.Count, alerts, matches, indexBuild, clock.Elapsed - indexBuild, outcomes);

        // Nights in turn: each started is read through the mask while the index is being built (and waits), else scanned;
        // then those that wait, once the index is there. A night a reader leaves waiting after this worker looked is
        // taken by that reader itself, which looks after.
        async Task WorkAsync(CancellationToken ct)
        {
            for (int next; (next = Interlocked.Increment(ref started)) < toRead.Count;)
            {
                ct.ThrowIfCancellationRequested();
                var i = toRead[next];
                if (underway is not null && filesAtOnce == 1 && !index.IsCompleted && underway.Complete && readers.Wait(0, CancellationToken.None))
                {
                    counters.NightReadBeforeIndex();
                    try
                    {
                        await underway.ReadAsync(shards[i], mask!, plansOnDisk, counters, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        readers.Release();
                    }
                    if (!index.IsCompleted)
                    {
                        waiting.Enqueue(i);
                        continue;
                    }
                }
                await ScanAsync(await index.ConfigureAwait(false), i, ct).ConfigureAwait(false);
            }
            if (waiting.IsEmpty) return;
            var built = await index.ConfigureAwait(false);
            while (waiting.TryDequeue(out var i))
            {
                ct.ThrowIfCancellationRequested();
                await ScanAsync(built, i, ct).ConfigureAwait(false);
            }
        }

        // A night scanned (from its candidates, where kept), its rows to onShard at once, and to the sink in night order.
        async ValueTask ScanAsync(HealpixIndex built, int i, CancellationToken ct)
        {
            var batches = new List<ResultBatch>();
            var outcome = outcomes[i] = await Scanner(built).RunAsync(shards[i], (batch, _) =>
            {
                batches.Add(batch);
                return ValueTask.CompletedTask;
            }, known[i], ct).ConfigureAwait(false);
            if (onShard is not null) await onShard(shards[i], batches, ct).ConfigureAwait(false);
            Interlocked.Add(ref alerts, outcome.Alerts);
            Interlocked.Add(ref matches, outcome.Matches);

            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                done[i] = batches;
                while (next < done.Length && done[next] is { } ready)
                {
                    foreach (var batch in ready) await SinkAsync(batch, ct).ConfigureAwait(false);
                    done[next++] = [];
                }
            }
            finally
            {
                gate.Release();
            }
        }

        // A batch handed to the sink, its write stage timed by itself: a lap that ends on another thread counts in wall
        // time only (a thread's CPU clock), so one lap over a night's batches lost all their CPU whenever one write went
        // on on a pool thread (a FileStream's row group flush). The part done before the sink first waits is counted.
        async ValueTask SinkAsync(ResultBatch batch, CancellationToken ct)
        {
            var mark = StageMark.Now();
            var write = sink(batch, ct);
            if (!write.IsCompleted)
            {
                mark = counters.Lap(XmatchStage.Sink, mark);
                await write.ConfigureAwait(false);
            }
            else write.GetAwaiter().GetResult();
            counters.Lap(XmatchStage.Sink, mark);
        }
    }

    // The outcome of each night answered from its index in memory; returns the others, with in known the index in memory
    // of those that have one for their current files. The nights are shared among up to parallelism threads (the calling
    // one among them), each answering a range of them in turn: no task per night. What runs per night is compiled
    // optimized from its first call (TryWithoutReading): a process runs this once per job, too rarely for the JIT's tiers
    // to reach it within a short-lived process's jobs (measured: the job's nights ran at the first tier for seconds).
    private static List<int> AnswerInMemory(ShardXmatcher xmatcher, IReadOnlyList<DatalakeShard> shards, ShardOutcome[] outcomes,
        NightIndex?[] known, XmatchCounters counters, int parallelism, CancellationToken cancellationToken)
    {
        var mark = StageMark.Now();
        var answered = new bool[shards.Count];
        // Ranges of nights taken in turn by the threads (ForkJoin rather than Parallel.ForEach: see there).
        var size = Math.Max(1, shards.Count / (4 * parallelism));
        var next = -1;
        ForkJoin.Run(Math.Clamp((shards.Count + size - 1) / size, 1, parallelism), _ =>
        {
            for (int range; !cancellationToken.IsCancellationRequested && (range = Interlocked.Increment(ref next)) * (long)size < shards.Count;)
                for (var i = range * size; i < Math.Min(shards.Count, (range + 1) * size); i++)
                    answered[i] = xmatcher.TryWithoutReading(shards[i], out outcomes[i], out known[i]);
        });
        cancellationToken.ThrowIfCancellationRequested();
        var toRead = new List<int>();
        for (var i = 0; i < shards.Count; i++)
            if (!answered[i]) toRead.Add(i);
        if (toRead.Count < shards.Count) counters.Lap(XmatchStage.Positions, mark);
        return toRead;
    }
}
