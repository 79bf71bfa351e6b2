using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.Xmatch;

/// <summary>Receives the result rows of one row group (rows in <see cref="ResultLayout.Schema"/> order, held column-wise).</summary>
public delegate ValueTask ResultRowsHandler(ResultBatch rows, CancellationToken cancellationToken);

/// <summary>What one shard scan did, and how it read the night.</summary>
public readonly record struct ShardOutcome(string Shard, int Files, int RowGroups, long Alerts, long Matches, ShardScanPath Path = ShardScanPath.FullScan);

/// <summary>
/// Crossmatches one night shard: reads only the positions of each row group, matches them against the catalog's
/// HEALPix index, and only for row groups with matches reads the requested fields of the matched rows (late
/// materialization), two matched row groups of a file at a time (each field's pages of the two decompressed together).
/// Rows come out in file, row-group and row order; for <c>all</c>, a row's pairs in catalog order.
/// With a sky-index store, a catalog that reaches few index cells (<see cref="CatalogCells"/>) reads a night through
/// its index instead: only the index rows of those cells, matched the same way, then the matched alerts' fields; the
/// rows are the same, in the same order. A night without an index gets one, built from the positions its full scan
/// reads. Files are opened through the scan plans kept on disk in <c>plansOnDisk</c>, by default the sky-index store's.
/// One instance per concurrent scan (it reuses its buffers); the index and catalog are shared read-only.
/// </summary>
public sealed class ShardXmatcher(SourceCatalog catalog, CrossMatcher matcher, ResultLayout layout, XmatchCounters? counters = null,
    SkyIndexStore? skyIndex = null, ScanPlanStore? plansOnDisk = null)
{
    private readonly ScanPlanStore? _plans = plansOnDisk ?? skyIndex?.Plans;
    private readonly XmatchCounters _counters = counters ?? new XmatchCounters();
    // Grown on demand: one instance per night, and a night read through its index mostly matches nothing.
    private List<AlertMatch> _matches = [];
    private readonly List<int> _rows = [];
    // A matched row group whose rows wait for the next matched one: the two are read together.
    private List<AlertMatch> _pending = [];
    private readonly List<int> _pendingRows = [];
    // The pending row group (in _pending) and its file, kept open: a file's last matched row group waits for the next
    // file's first, so that its pages too are decompressed beside a twin's (PairAsync, both the full scan and the index's).
    private AlertFile? _pendingFile;
    private int _pendingGroup = -1;

    /// <summary>
    /// How many of a night's files a full scan reads at once (default 1): more when a job has fewer nights than threads
    /// (one night: <see cref="LocalXmatchRunner"/>), so that its files do not wait for one another on a single thread.
    /// The rows come out in the same order (file by file, once every file is read).
    /// </summary>
    public int FilesAtOnce { get; init; } = 1;

    /// <summary>
    /// The alerts of the job's files that can match (<see cref="AlertCandidates"/>, kept by a first reading of the files'
    /// positions for this catalog and radius): a full scan of a file they cover matches them instead of reading its positions.
    /// </summary>
    public AlertCandidates? Candidates { get; init; }

    /// <summary>
    /// The night's outcome when its sky index, in memory for the night's current files, holds no alert in the catalog's
    /// cells: nothing to read or match, answered synchronously with no file opened (the night's files are only looked
    /// at, so a night changed since its index was made is not answered here). False for any other night: then <see cref="RunAsync(DatalakeShard, ResultRowsHandler, CancellationToken)"/>.
    /// </summary>
    public bool TryWithoutReading(DatalakeShard shard, out ShardOutcome outcome) => TryWithoutReading(shard, out outcome, out _);

    /// <summary>The same; <paramref name="toRead"/>: when false, the night's index in memory for its current files if it has one (for <see cref="RunAsync(DatalakeShard, ResultRowsHandler, NightIndex?, CancellationToken)"/>).</summary>
    // Run per night of every job: compiled optimized from the first call (see LocalXmatchRunner.AnswerInMemory).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryWithoutReading(DatalakeShard shard, out ShardOutcome outcome, out NightIndex? toRead)
    {
        ArgumentNullException.ThrowIfNull(shard);
        (outcome, toRead) = (default, null);
        if (skyIndex is null || CatalogCells.IndexedCells(catalog, matcher.Index) is not { } cells
            || skyIndex.InMemory(layout.Survey, shard) is not { } index) return false;
        if (index.HoldsNoneInMemory(cells) != true)
        {
            toRead = index;
            return false;
        }
        outcome = new ShardOutcome(shard.Name, shard.Files.Count, 0, index.Header.Alerts, 0, ShardScanPath.SkyIndex);
        _counters.ShardDone();
        return true;
    }

    /// <exception cref="DatalakeException">A file of the night cannot be read.</exception>
    /// <exception cref="IOException">The night's sky index cannot be read (one that cannot be written is not kept).</exception>
    public Task<ShardOutcome> RunAsync(DatalakeShard shard, ResultRowsHandler onRows, CancellationToken cancellationToken = default) =>
        RunAsync(shard, onRows, null, cancellationToken);

    /// <summary>The same, for a night whose index <see cref="TryWithoutReading(DatalakeShard, out ShardOutcome, out NightIndex?)"/> just found in memory (<paramref name="inMemory"/>, not looked up again: its files are not looked at twice).</summary>
    internal async Task<ShardOutcome> RunAsync(DatalakeShard shard, ResultRowsHandler onRows, NightIndex? inMemory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(onRows);
        ShardOutcome outcome;
        if (inMemory is null && TryWithoutReading(shard, out outcome, out inMemory)) return outcome;
        if (skyIndex is null) outcome = await ScanAsync(shard, onRows, null, cancellationToken).ConfigureAwait(false);
        else if ((inMemory ?? await skyIndex.TryGetAsync(layout.Survey, shard, cancellationToken).ConfigureAwait(false)) is { } opened)
            outcome = CatalogCells.IndexedCells(catalog, matcher.Index) is { } cells
                ? await ThroughIndexAsync(shard, opened, cells, onRows, cancellationToken).ConfigureAwait(false)
                : await ScanAsync(shard, onRows, null, cancellationToken).ConfigureAwait(false);
        else
        {
            // The night's files as they are before the scan reads them: a change meanwhile makes the index stale, not wrong.
            var stamp = NightStamp.Of(shard);
            var builder = new NightIndexBuilder();
            outcome = await ScanAsync(shard, onRows, builder, cancellationToken).ConfigureAwait(false);
            try
            {
                await skyIndex.KeepAsync(layout.Survey, shard, stamp, builder, cancellationToken).ConfigureAwait(false);
                outcome = outcome with { Path = ShardScanPath.FullScanBuildingIndex };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The scan's rows are whole; an index that cannot be written (a read-only or full directory) is only not kept.
            }
        }
        _counters.ShardDone();
        return outcome;
    }

    private async Task<ShardOutcome> ScanAsync(DatalakeShard shard, ResultRowsHandler onRows, NightIndexBuilder? building, CancellationToken cancellationToken)
    {
        if (building is null && FilesAtOnce > 1 && shard.Files.Count > 1)
            return await ScanFilesAtOnceAsync(shard, onRows, cancellationToken).ConfigureAwait(false);
        long matchCount = 0, alerts = 0;
        var rowGroups = 0;
        var batch = PositionBatch.Rent();
        try
        {
            for (var f = 0; f < shard.Files.Count; f++)
            {
                var (fileAlerts, fileRowGroups, fileMatches) = await ScanFileAsync(shard.Files[f], 0, int.MaxValue, batch, onRows,
                    building is null ? null : b => building.Add(f, b), f + 1 < shard.Files.Count, cancellationToken).ConfigureAwait(false);
                alerts += fileAlerts;
                rowGroups += fileRowGroups;
                matchCount += fileMatches;
            }
        }
        finally
        {
            PositionBatch.Return(batch);
            await DropPendingFileAsync().ConfigureAwait(false);   // a failed scan's carried file
        }
        return new ShardOutcome(shard.Name, shard.Files.Count, rowGroups, alerts, matchCount);
    }

    // The night's files read up to FilesAtOnce at a time, each by a scanner of its own (the matcher, catalog and counters
    // are shared), a segment of SegmentRowGroups row groups at a time: a night's files differ in size (ZTF: 200,000 and
    // 50,000 alerts), and file by file the larger one's matched rows were read on one core for ~1.5 ms after the other
    // had finished. Each segment's rows are kept, then handed on in file and row group order.
    private async Task<ShardOutcome> ScanFilesAtOnceAsync(DatalakeShard shard, ResultRowsHandler onRows, CancellationToken cancellationToken)
    {
        var files = shard.Files;
        var segments = new List<(int File, int First, int End)>();
        for (var f = 0; f < files.Count; f++)
        {
            int groups;
            await using (var file = await AlertFile.OpenAsync(files[f], _plans, cancellationToken).ConfigureAwait(false)) groups = file.RowGroupCount;
            for (var g = 0; g < groups; g += SegmentRowGroups) segments.Add((f, g, Math.Min(groups, g + SegmentRowGroups)));
            if (groups == 0) segments.Add((f, 0, 0));
        }
        var rows = new List<ResultBatch>[segments.Count];
        var read = new (long Alerts, int RowGroups, long Matches)[segments.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = FilesAtOnce, CancellationToken = cancellationToken };
        // A scanner per segment at work, reused by the next (its buffers are grown and faulted in once).
        var idle = new System.Collections.Concurrent.ConcurrentBag<ShardXmatcher>();
        await Parallel.ForEachAsync(Enumerable.Range(0, segments.Count), options, async (s, token) =>
        {
            if (!idle.TryTake(out var scanner)) scanner = new ShardXmatcher(catalog, matcher, layout, _counters, null, _plans) { Candidates = Candidates };
            var kept = rows[s] = [];
            var batch = PositionBatch.Rent();
            try
            {
                read[s] = await scanner.ScanFileAsync(files[segments[s].File], segments[s].First, segments[s].End, batch, (b, _) =>
                {
                    kept.Add(b);
                    return ValueTask.CompletedTask;
                }, null, false, token).ConfigureAwait(false);
            }
            finally
            {
                PositionBatch.Return(batch);
                await scanner.DropPendingFileAsync().ConfigureAwait(false);   // a failed segment's waiting row group
                idle.Add(scanner);
            }
        }).ConfigureAwait(false);
        long alerts = 0, matchCount = 0;
        var rowGroups = 0;
        for (var s = 0; s < segments.Count; s++)
        {
            foreach (var batch in rows[s]) await onRows(batch, cancellationToken).ConfigureAwait(false);
            alerts += read[s].Alerts;
            rowGroups += read[s].RowGroups;
            matchCount += read[s].Matches;
        }
        return new ShardOutcome(shard.Name, files.Count, rowGroups, alerts, matchCount);
    }

    // Row groups a segment of a file scanned at once holds: a pair, whose matched rows are read together.
    private const int SegmentRowGroups = 2;

    // The index rows of the catalog's cells, in the night's order (file, row group, row: the order of the full scan's
    // rows), matched a datalake row group at a time, then the matched rows' fields read from that row group.
    private async Task<ShardOutcome> ThroughIndexAsync(DatalakeShard shard, NightIndex opened, CellRanges cells, ResultRowsHandler onRows, CancellationToken cancellationToken)
    {
        var t = StageMark.Now();
        var candidates = new List<IndexedAlert>();
        // Only the rows that match some source (each alert's matches depend on it alone): the others' locations in the
        // datalake are not decoded, which for a small catalog is most of the index's chunks read.
        var one = new List<AlertMatch>();
        bool Matches(double ra, double dec)
        {
            one.Clear();
            return matcher.Match(new ReadOnlySpan<double>(in ra), new ReadOnlySpan<double>(in dec), one) > 0;
        }
        var index = await skyIndex!.ReadAsync(layout.Survey, shard, cells, candidates, cancellationToken, opened, Matches).ConfigureAwait(false);
        candidates.Sort(static (a, b) => a.File != b.File ? a.File.CompareTo(b.File) : a.RowGroup != b.RowGroup ? a.RowGroup.CompareTo(b.RowGroup) : a.Row.CompareTo(b.Row));
        t = _counters.Lap(XmatchStage.Positions, t);
        var (rowGroups, matchCount) = await MatchCandidatesAsync(shard, candidates, onRows, t, cancellationToken).ConfigureAwait(false);
        return new ShardOutcome(shard.Name, shard.Files.Count, rowGroups, index.Header.Alerts, matchCount, ShardScanPath.SkyIndex);
    }

    // The index's candidates in the night's order (file, row group, row: the order of the full scan's rows), matched a
    // datalake row group at a time (each counted as a row group of its candidates alone), then the matched rows' fields
    // read from that row group. Returns the row groups with matches and the matches.
    private async Task<(int RowGroups, long Matches)> MatchCandidatesAsync(DatalakeShard shard, List<IndexedAlert> candidates, ResultRowsHandler onRows,
        StageMark t, CancellationToken cancellationToken)
    {
        long matchCount = 0;
        var rowGroups = 0;
        var ra = new double[candidates.Count];
        var dec = new double[candidates.Count];
        AlertFile? file = null;
        // As in the full scan, matched row groups are read two at a time (each field's pages decompressed together), a
        // file's last one with the next file's first.
        try
        {
            for (int first = 0, end; first < candidates.Count; first = end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (fileIndex, rowGroup) = (candidates[first].File, candidates[first].RowGroup);
                for (end = first; end < candidates.Count && candidates[end].File == fileIndex && candidates[end].RowGroup == rowGroup; end++)
                    (ra[end], dec[end]) = (candidates[end].Ra, candidates[end].Dec);
                _matches.Clear();
                matcher.Match(ra.AsSpan(first, end - first), dec.AsSpan(first, end - first), _matches);
                t = _counters.Lap(XmatchStage.Match, t);
                _counters.AddRowGroup(end - first, _matches.Count);
                if (_matches.Count == 0) continue;
                // A match's row is its place among the candidates; the datalake's row is the candidate's.
                for (var m = 0; m < _matches.Count; m++) _matches[m] = _matches[m] with { AlertRow = candidates[first + _matches[m].AlertRow].Row };
                matchCount += _matches.Count;
                rowGroups++;
                if (file?.Path != shard.Files[fileIndex])
                {
                    // Kept open while its row group waits for this file's.
                    if (file is not null && !ReferenceEquals(file, _pendingFile)) await file.DisposeAsync().ConfigureAwait(false);
                    file = await AlertFile.OpenAsync(shard.Files[fileIndex], _plans, cancellationToken).ConfigureAwait(false);
                    t = _counters.Lap(XmatchStage.Open, t);
                }
                t = await PairAsync(file, rowGroup, onRows, t, cancellationToken).ConfigureAwait(false);
            }
            await MaterializePendingAsync(onRows, t, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DropPendingFileAsync(file).ConfigureAwait(false);
            if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
        }
        return (rowGroups, matchCount);
    }

    // A matched row group of `file` (its matches in _matches): left pending (_pendingFile, _pendingGroup, _pending) when
    // none is, else read with the pending one, whose file is closed unless it is `file`.
    private async Task<StageMark> PairAsync(AlertFile file, int rowGroup, ResultRowsHandler onRows, StageMark t, CancellationToken cancellationToken)
    {
        if (_pendingFile is null)
        {
            // Read with the next matched row group: each field's pages of the two are decompressed together.
            (_pending, _matches, _pendingFile, _pendingGroup) = (_matches, _pending, file, rowGroup);
            return t;
        }
        var (earlier, later) = await MaterializeTwoAsync(_pendingFile, _pendingGroup, file, rowGroup, cancellationToken).ConfigureAwait(false);
        t = _counters.Lap(XmatchStage.Materialize, t);
        await DropPendingFileAsync(file).ConfigureAwait(false);
        await onRows(earlier, cancellationToken).ConfigureAwait(false);
        await onRows(later, cancellationToken).ConfigureAwait(false);
        return _counters.Lap(XmatchStage.Sink, t);
    }

    // The rows of the pending row group read alone (no partner left), if there is one; its file stays as it is.
    private async Task<StageMark> MaterializePendingAsync(ResultRowsHandler onRows, StageMark t, CancellationToken cancellationToken)
    {
        if (_pendingFile is null) return t;
        (_matches, _pending) = (_pending, _matches);
        var rows = await MaterializeAsync(_pendingFile, _pendingGroup, cancellationToken).ConfigureAwait(false);
        t = _counters.Lap(XmatchStage.Materialize, t);
        await onRows(rows, cancellationToken).ConfigureAwait(false);
        return _counters.Lap(XmatchStage.Sink, t);
    }

    // Row groups [firstGroup, endGroup) of a file (endGroup past the last: to the end) of a full scan. Its matched row
    // groups are read two at a time; the last one left without a twin is read with the next file's first matched one
    // when `carryLast` (another file of the night follows in this scan): it is then left pending (_pendingFile,
    // _pendingGroup, _pending) with its file open. A row group pending from an earlier file pairs with this file's first.
    // Rows come out in the same order either way.
    private async Task<(long Alerts, int RowGroups, long Matches)> ScanFileAsync(string path, int firstGroup, int endGroup, PositionBatch batch,
        ResultRowsHandler onRows, Action<PositionBatch>? onPositions, bool carryLast, CancellationToken cancellationToken)
    {
        var t = StageMark.Now();
        var file = await AlertFile.OpenAsync(path, _plans, cancellationToken).ConfigureAwait(false);
        long matchCount = 0;
        // The alerts that can match, when a first reading kept them for this file as it is: its positions are not read.
        var candidates = onPositions is null ? Candidates?.For(path, file) : null;
        try
        {
            t = _counters.Lap(XmatchStage.Open, t);
            endGroup = Math.Min(endGroup, file.RowGroupCount);
            long alerts = 0;
            for (var g = firstGroup; g < endGroup; g++)
            {
                alerts += file.RowGroupRows[g];
                cancellationToken.ThrowIfCancellationRequested();
                _matches.Clear();
                if (candidates is not null) candidates.Match(g, matcher, _matches);
                else
                {
                    await file.ReadPositionsAsync(g, batch, ScanColumns.Positions, cancellationToken).ConfigureAwait(false);
                    t = _counters.Lap(XmatchStage.Positions, t);
                    onPositions?.Invoke(batch);
                    matcher.Match(batch.Ra, batch.Dec, _matches);
                }
                t = _counters.Lap(XmatchStage.Match, t);
                _counters.AddRowGroup(file.RowGroupRows[g], _matches.Count);
                if (_matches.Count == 0) continue;
                matchCount += _matches.Count;
                t = await PairAsync(file, g, onRows, t, cancellationToken).ConfigureAwait(false);
            }
            if (!carryLast)
            {
                t = await MaterializePendingAsync(onRows, t, cancellationToken).ConfigureAwait(false);
                await DropPendingFileAsync(file).ConfigureAwait(false);
            }
            return (alerts, Math.Max(0, endGroup - firstGroup), matchCount);
        }
        finally
        {
            // Kept open while its row group waits for the next file's.
            if (!ReferenceEquals(_pendingFile, file)) await file.DisposeAsync().ConfigureAwait(false);
            _counters.Lap(XmatchStage.Open, t);
        }
    }

    // Forgets the pending row group, closing its file unless it is `open` (closed by its own scan).
    private async ValueTask DropPendingFileAsync(AlertFile? open = null)
    {
        var pending = _pendingFile;
        (_pendingFile, _pendingGroup) = (null, -1);
        if (pending is not null && !ReferenceEquals(pending, open)) await pending.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<ResultBatch> MaterializeAsync(AlertFile file, int rowGroup, CancellationToken cancellationToken)
    {
        DistinctRows(_matches, _rows);
        // Flat columns come typed from the direct reader (no value boxed per row); the others through the assembler.
        var alertColumns = await AlertColumns.ReadAsync(file, rowGroup, _rows, layout.Fields, AvroRowValues.From, cancellationToken).ConfigureAwait(false);
        return Batch(_matches, _rows.Count, alertColumns);
    }

    // The rows of the pending row group (_pending) and of a later one (_matches, of the same file or another), read together.
    private async Task<(ResultBatch Earlier, ResultBatch Later)> MaterializeTwoAsync(AlertFile fileEarlier, int earlier, AlertFile fileLater, int later,
        CancellationToken cancellationToken)
    {
        DistinctRows(_pending, _pendingRows);
        DistinctRows(_matches, _rows);
        var (columnsEarlier, columnsLater) = await AlertColumns.ReadTwoAsync(fileEarlier, earlier, _pendingRows, fileLater, later, _rows, layout.Fields,
            AvroRowValues.From, cancellationToken).ConfigureAwait(false);
        return (Batch(_pending, _pendingRows.Count, columnsEarlier), Batch(_matches, _rows.Count, columnsLater));
    }

    // Matches come in row order; their distinct rows are what late materialization reads.
    // Written into the list's span, sized once for the most rows it can take (no growth step by step, no call per row).
    private static void DistinctRows(List<AlertMatch> matches, List<int> rows)
    {
        CollectionsMarshal.SetCount(rows, matches.Count);
        var distinct = CollectionsMarshal.AsSpan(rows);
        var (count, lastRow) = (0, -1);
        foreach (ref readonly var m in CollectionsMarshal.AsSpan(matches))
            if (m.AlertRow != lastRow) distinct[count++] = lastRow = m.AlertRow;
        CollectionsMarshal.SetCount(rows, count);
    }

    // The batch of a row group's matches, whose alerts are the row group's `alerts` distinct rows read.
    private ResultBatch Batch(List<AlertMatch> matches, int alerts, object[] alertColumns)
    {
        var span = CollectionsMarshal.AsSpan(matches);
        var n = span.Length;
        // Lent arrays (those of batches already written, where the writer hands them back), maybe longer than n.
        var separations = ParquetFormat.ResultArrays.Rent<double>(n);
        var sources = ParquetFormat.ResultArrays.Rent<int>(n);
        if (alerts == n)
        {
            // Every row its own alert (the nearest source): no alert index per row.
            for (var r = 0; r < n; r++) (separations[r], sources[r]) = (span[r].SeparationArcsec, span[r].SourceIndex);
            return ResultBatch.OnePerAlert(alertColumns, separations, catalog.Ids.Utf8Of(sources, n));
        }
        var alertOf = ParquetFormat.ResultArrays.Rent<int>(n);
        var alert = -1;
        var lastRow = -1;
        for (var r = 0; r < n; r++)
        {
            ref readonly var m = ref span[r];
            if (m.AlertRow != lastRow)
            {
                alert++;
                lastRow = m.AlertRow;
            }
            alertOf[r] = alert;
            separations[r] = m.SeparationArcsec;
            sources[r] = m.SourceIndex;
        }
        // The catalog's identifiers stay bytes until a consumer asks for a string (the Parquet writer copies the bytes).
        return new ResultBatch(alertColumns, alertOf, separations, catalog.Ids.Utf8Of(sources, n));
    }
}
