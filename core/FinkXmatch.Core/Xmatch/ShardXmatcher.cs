using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

/// <summary>Receives the result rows of one row group (object?[] in <see cref="ResultLayout.Schema"/> order).</summary>
public delegate ValueTask ResultRowsHandler(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken);

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
    private readonly ShardScanner _scanner = new();
    private readonly List<AlertMatch> _matches = new(1024);
    private readonly List<int> _rows = new(1024);

    public async Task<ShardOutcome> RunAsync(DatalakeShard shard, ResultRowsHandler onRows, CancellationToken cancellationToken = default)
    {
        long matchCount = 0;
        var stats = await _scanner.ScanAsync(shard, async (file, batch, ct) =>
        {
            _matches.Clear();
            matcher.Match(batch.Ra, batch.Dec, _matches);
            counters?.AddRowGroup(batch.Count, _matches.Count);
            if (_matches.Count == 0) return;
            matchCount += _matches.Count;
            var rows = await MaterializeAsync(file, batch.RowGroup, ct).ConfigureAwait(false);
            await onRows(rows, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        counters?.ShardDone();
        return new ShardOutcome(shard.Name, stats.Files, stats.RowGroups, stats.Alerts, matchCount);
    }

    private async Task<List<object?[]>> MaterializeAsync(AlertFile file, int rowGroup, CancellationToken cancellationToken)
    {
        // Matches come in row order; their distinct rows are what late materialization reads.
        _rows.Clear();
        foreach (var m in _matches)
        {
            if (_rows.Count == 0 || _rows[^1] != m.AlertRow) _rows.Add(m.AlertRow);
        }
        var values = await file.ReadRowsAsync(rowGroup, _rows, layout.Fields, cancellationToken).ConfigureAwait(false);

        var fieldCount = layout.Fields.Count;
        var result = new List<object?[]>(_matches.Count);
        var k = -1;
        var lastRow = -1;
        foreach (var m in _matches)
        {
            if (m.AlertRow != lastRow)
            {
                k++;
                lastRow = m.AlertRow;
            }
            var row = new object?[fieldCount + 2];
            for (var f = 0; f < fieldCount; f++) row[f] = AvroRowValues.From(values.Fields[f].Values[k]);
            row[fieldCount] = m.SeparationArcsec;
            row[fieldCount + 1] = catalog.Ids[m.SourceIndex];
            result.Add(row);
        }
        return result;
    }
}
