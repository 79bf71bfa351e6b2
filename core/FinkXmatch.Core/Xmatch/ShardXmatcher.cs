using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;

namespace FinkXmatch.Core.Xmatch;

/// <summary>Receives the result rows of one row group (rows in <see cref="ResultLayout.Schema"/> order, held column-wise).</summary>
public delegate ValueTask ResultRowsHandler(ResultBatch rows, CancellationToken cancellationToken);

/// <summary>What one shard scan did.</summary>
public readonly record struct ShardOutcome(string Shard, int Files, int RowGroups, long Alerts, long Matches);

/// <summary>
/// Crossmatches one night shard: reads only the positions of each row group, matches them against the catalog's
/// HEALPix index, and only for row groups with matches reads the requested fields of the matched rows (late
/// materialization). Rows come out in file, row-group and row order; for <c>all</c>, a row's pairs in catalog order.
/// One instance per concurrent scan (it reuses its buffers); the index and catalog are shared read-only.
/// </summary>
public sealed class ShardXmatcher(SourceCatalog catalog, CrossMatcher matcher, ResultLayout layout, XmatchCounters? counters = null)
{
    private readonly XmatchCounters _counters = counters ?? new XmatchCounters();
    private readonly List<AlertMatch> _matches = new(1024);
    private readonly List<int> _rows = new(1024);

    public async Task<ShardOutcome> RunAsync(DatalakeShard shard, ResultRowsHandler onRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(onRows);
        long matchCount = 0, alerts = 0;
        var rowGroups = 0;
        var batch = PositionBatch.Rent();
        try
        {
            foreach (var path in shard.Files)
            {
                var (fileAlerts, fileRowGroups, fileMatches) = await ScanFileAsync(path, batch, onRows, cancellationToken).ConfigureAwait(false);
                alerts += fileAlerts;
                rowGroups += fileRowGroups;
                matchCount += fileMatches;
            }
        }
        finally
        {
            PositionBatch.Return(batch);
        }
        _counters.ShardDone();
        return new ShardOutcome(shard.Name, shard.Files.Count, rowGroups, alerts, matchCount);
    }

    private async Task<(long Alerts, int RowGroups, long Matches)> ScanFileAsync(string path, PositionBatch batch, ResultRowsHandler onRows,
        CancellationToken cancellationToken)
    {
        var t = StageMark.Now();
        var file = await AlertFile.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        long matchCount = 0;
        try
        {
            t = _counters.Lap(XmatchStage.Open, t);
            for (var g = 0; g < file.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await file.ReadPositionsAsync(g, batch, ScanColumns.Positions, cancellationToken).ConfigureAwait(false);
                t = _counters.Lap(XmatchStage.Positions, t);
                _matches.Clear();
                matcher.Match(batch.Ra, batch.Dec, _matches);
                t = _counters.Lap(XmatchStage.Match, t);
                _counters.AddRowGroup(batch.Count, _matches.Count);
                if (_matches.Count == 0) continue;
                matchCount += _matches.Count;
                var rows = await MaterializeAsync(file, g, cancellationToken).ConfigureAwait(false);
                t = _counters.Lap(XmatchStage.Materialize, t);
                await onRows(rows, cancellationToken).ConfigureAwait(false);
                t = _counters.Lap(XmatchStage.Sink, t);
            }
            return (file.RowCount, file.RowGroupCount, matchCount);
        }
        finally
        {
            await file.DisposeAsync().ConfigureAwait(false);
            _counters.Lap(XmatchStage.Open, t);
        }
    }

    private async Task<ResultBatch> MaterializeAsync(AlertFile file, int rowGroup, CancellationToken cancellationToken)
    {
        // Matches come in row order; their distinct rows are what late materialization reads.
        _rows.Clear();
        foreach (var m in _matches)
        {
            if (_rows.Count == 0 || _rows[^1] != m.AlertRow) _rows.Add(m.AlertRow);
        }
        // Flat columns come typed from the direct reader (no value boxed per row); the others through the assembler.
        var alertColumns = await AlertColumns.ReadAsync(file, rowGroup, _rows, layout.Fields, AvroRowValues.From, cancellationToken).ConfigureAwait(false);
        var n = _matches.Count;
        var alertOf = new int[n];
        var separations = new double[n];
        var ids = new string[n];
        var sourceIds = catalog.Ids;
        var alert = -1;
        var lastRow = -1;
        for (var r = 0; r < n; r++)
        {
            var m = _matches[r];
            if (m.AlertRow != lastRow)
            {
                alert++;
                lastRow = m.AlertRow;
            }
            alertOf[r] = alert;
            separations[r] = m.SeparationArcsec;
            ids[r] = sourceIds[m.SourceIndex];
        }
        return new ResultBatch(alertColumns, alertOf, separations, ids);
    }
}
