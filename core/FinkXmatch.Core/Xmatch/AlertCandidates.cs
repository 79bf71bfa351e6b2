using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The alerts of a job's files that lie in the catalog's cells (<see cref="SkyCellMask"/>), kept with their place (file,
/// row group, row) and position by a first reading of the files' positions, so that the scan matches them once the
/// index exists without reading and decompressing those positions a second time (<see cref="ShardXmatcher.Candidates"/>):
/// an alert outside those cells is farther than the radius from every source and matches nothing, so matching the
/// candidates alone gives the scan's matches, rows and counts. Kept by the reading of the nights' reach for a pruned
/// index (<see cref="CatalogPruning"/>: one night of 250,000 alerts and 75,000 sources at 1.5", ~4 % of the alerts), or
/// by the nights read while the whole catalog's index is built (<see cref="ReadAsync"/>, <see cref="CatalogIndexUnderway"/>).
/// A file is used only when all its row groups were kept, as the scan opens it; the others are read as without
/// candidates. Each file is added to by one thread at a time; files by several threads at once.
/// </summary>
public sealed class AlertCandidates
{
    /// <summary>
    /// Candidates kept at most (20 bytes each: 40 MiB); beyond, the files not kept whole are read again by the scan, as
    /// without candidates.
    /// </summary>
    internal const int MaxCandidates = 1 << 21;

    private readonly Dictionary<string, int> _fileIndex;
    private readonly FileCandidates?[] _files;
    private readonly int _maxCandidates;
    private long _count;

    internal AlertCandidates(SourceCatalog catalog, double radiusArcsec, IReadOnlyList<string> files, int maxCandidates = MaxCandidates)
    {
        Catalog = catalog;
        RadiusArcsec = radiusArcsec;
        _fileIndex = new Dictionary<string, int>(files.Count, StringComparer.Ordinal);
        for (var f = 0; f < files.Count; f++) _fileIndex.TryAdd(files[f], f);
        _files = new FileCandidates?[files.Count];
        _maxCandidates = maxCandidates;
    }

    /// <summary>The catalog whose cells the candidates lie in.</summary>
    public SourceCatalog Catalog { get; }

    public double RadiusArcsec { get; }

    /// <summary>Candidates found, over every file (those beyond <see cref="MaxCandidates"/> included, which are not kept).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>False once more alerts than <see cref="MaxCandidates"/> lay in the catalog's cells: no more are kept.</summary>
    public bool Complete => Count <= _maxCandidates;

    /// <summary>
    /// Adds the <paramref name="kept"/> rows (ascending) of row group <paramref name="batch"/> of file number
    /// <paramref name="file"/>, whose row groups hold <paramref name="rowGroupRows"/> rows: each row group once, in any
    /// order, from any thread.
    /// </summary>
    internal void Add(int file, IReadOnlyList<int> rowGroupRows, PositionBatch batch, ReadOnlySpan<int> kept)
    {
        if (Interlocked.Add(ref _count, kept.Length) > _maxCandidates) return;
        // A file's row groups may come from several threads (CatalogPruning.ReachWhileMarkingAsync): one FileCandidates each.
        var candidates = Volatile.Read(ref _files[file]);
        if (candidates is null)
        {
            var added = new FileCandidates(rowGroupRows);
            candidates = Interlocked.CompareExchange(ref _files[file], added, null) ?? added;
        }
        candidates.Add(batch.RowGroup, batch.Ra, batch.Dec, kept);
    }

    /// <summary>
    /// Reads the positions of <paramref name="night"/>'s files (of this job's files; a file kept already is not read
    /// again) and keeps those of the alerts in <paramref name="mask"/>'s cells, and in its fine layer once there. Stops
    /// when no more are kept. Only the stages' times are counted: the alerts and row groups are counted by their scan.
    /// </summary>
    /// <exception cref="DatalakeException">A file of the night cannot be read.</exception>
    internal async Task ReadAsync(DatalakeShard night, SkyCellMask mask, ScanPlanStore? plans, XmatchCounters counters, CancellationToken cancellationToken)
    {
        var batch = PositionBatch.Rent();
        var kept = Array.Empty<int>();
        try
        {
            foreach (var path in night.Files)
            {
                if (!Complete) return;
                if (!_fileIndex.TryGetValue(path, out var f)) throw new ArgumentException($"{path} is not a file of the job", nameof(night));
                if (_files[f] is not null) continue;
                var t = StageMark.Now();
                var file = await AlertFile.OpenAsync(path, plans, cancellationToken).ConfigureAwait(false);
                try
                {
                    t = counters.Lap(XmatchStage.Open, t);
                    for (var g = 0; g < file.RowGroupCount; g++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await file.ReadPositionsAsync(g, batch, ScanColumns.Positions, cancellationToken).ConfigureAwait(false);
                        t = counters.Lap(XmatchStage.Positions, t);
                        if (kept.Length < batch.Count) kept = new int[batch.Count];
                        var ra = batch.Ra;
                        var dec = batch.Dec;
                        Add(f, file.RowGroupRows, batch, kept.AsSpan(0, mask.KeepFine(ra, dec, kept.AsSpan(0, mask.Filter(ra, dec, kept)))));
                        t = counters.Lap(XmatchStage.Match, t);
                        if (!Complete) return;
                    }
                }
                finally
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                    counters.Lap(XmatchStage.Open, t);
                }
            }
        }
        finally
        {
            PositionBatch.Return(batch);
        }
    }

    /// <summary>
    /// The candidates of the file at <paramref name="path"/>, when all its row groups were kept with these row counts
    /// (<paramref name="opened"/>, as the scan opened it: a file rewritten since is read again); null otherwise.
    /// </summary>
    internal FileCandidates? For(string path, AlertFile opened) =>
        _fileIndex.TryGetValue(path, out var f) && Volatile.Read(ref _files[f]) is { } candidates && candidates.IsOf(opened) ? candidates : null;
}

/// <summary>One file's <see cref="AlertCandidates"/>, by row group, rows ascending.</summary>
internal sealed class FileCandidates
{
    private readonly int[] _rowGroupRows;
    private readonly Group?[] _groups;                  // row group g's candidates, once added
    private int _added;                                 // row groups added

    // One row group's candidates: rows in the row group, and positions.
    private sealed record Group(int[] Rows, double[] Ra, double[] Dec);

    private static readonly Group None = new([], [], []);

    internal FileCandidates(IReadOnlyList<int> rowGroupRows)
    {
        _rowGroupRows = [.. rowGroupRows];
        _groups = new Group?[_rowGroupRows.Length];
    }

    /// <summary>
    /// Adds row group <paramref name="rowGroup"/>'s candidates (<paramref name="kept"/>: rows ascending), once, in any
    /// order: the threads reading a file's row groups side by side add them as they come.
    /// </summary>
    internal void Add(int rowGroup, ReadOnlySpan<double> ra, ReadOnlySpan<double> dec, ReadOnlySpan<int> kept)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rowGroup, (uint)_groups.Length, nameof(rowGroup));
        var group = None;
        if (kept.Length > 0)
        {
            group = new Group(kept.ToArray(), new double[kept.Length], new double[kept.Length]);
            for (var k = 0; k < kept.Length; k++) (group.Ra[k], group.Dec[k]) = (ra[kept[k]], dec[kept[k]]);
        }
        if (Interlocked.CompareExchange(ref _groups[rowGroup], group, null) is not null)
            throw new InvalidOperationException($"row group {rowGroup} added twice");
        Interlocked.Increment(ref _added);
    }

    /// <summary>True when every row group of the file was added, and the file has these row groups.</summary>
    internal bool IsOf(AlertFile opened) => Volatile.Read(ref _added) == _rowGroupRows.Length && opened.RowGroupRows.SequenceEqual(_rowGroupRows);

    /// <summary>
    /// Adds to <paramref name="matches"/> those of row group <paramref name="rowGroup"/>'s candidates, each with its row
    /// in the row group (as a scan of the whole row group gives them, in the same order).
    /// </summary>
    internal void Match(int rowGroup, CrossMatcher matcher, List<AlertMatch> matches)
    {
        if (Volatile.Read(ref _groups[rowGroup]) is not { Rows.Length: > 0 } group) return;
        var from = matches.Count;
        matcher.Match(group.Ra, group.Dec, matches);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(matches);
        for (var m = from; m < span.Length; m++) span[m] = span[m] with { AlertRow = group.Rows[span[m].AlertRow] };
    }
}
