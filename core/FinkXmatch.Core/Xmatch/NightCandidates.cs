using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.SkyIndex;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// A night's alerts that lie in the catalog's cells (<see cref="SkyCellMask"/>), read before the catalog's index exists:
/// the positions of every row group, as a full scan reads them, filtered by the mask the index will hold (and its fine
/// layer). The matcher applies the same mask first, so matching these alerts alone gives the full scan's matches
/// (<see cref="ShardXmatcher.RunAsync(DatalakeShard, NightCandidates, ResultRowsHandler, CancellationToken)"/>).
/// </summary>
internal sealed class NightCandidates
{
    private NightCandidates(List<IndexedAlert> alerts, long alertsRead, int rowGroups) =>
        (Alerts, AlertsRead, RowGroups) = (alerts, alertsRead, rowGroups);

    /// <summary>The alerts kept, in the night's order (file, row group, row).</summary>
    public List<IndexedAlert> Alerts { get; }

    /// <summary>Alerts read (every row of the night's files).</summary>
    public long AlertsRead { get; }

    /// <summary>Row groups read.</summary>
    public int RowGroups { get; }

    /// <summary>Reads the positions of <paramref name="shard"/>'s files and keeps the alerts in <paramref name="mask"/>'s cells.</summary>
    /// <exception cref="DatalakeException">A file of the night cannot be read.</exception>
    public static async Task<NightCandidates> ReadAsync(DatalakeShard shard, SkyCellMask mask, ScanPlanStore? plans, XmatchCounters counters,
        CancellationToken cancellationToken)
    {
        var alerts = new List<IndexedAlert>();
        long read = 0;
        var rowGroups = 0;
        var batch = PositionBatch.Rent();
        var kept = Array.Empty<int>();
        try
        {
            for (var f = 0; f < shard.Files.Count; f++)
            {
                var t = StageMark.Now();
                var file = await AlertFile.OpenAsync(shard.Files[f], plans, cancellationToken).ConfigureAwait(false);
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
                        var count = mask.KeepFine(ra, dec, kept.AsSpan(0, mask.Filter(ra, dec, kept)));
                        for (var k = 0; k < count; k++)
                        {
                            var row = kept[k];
                            alerts.Add(new IndexedAlert(0, ra[row], dec[row], f, g, row));
                        }
                        counters.AddRowGroup(batch.Count, 0);
                        t = counters.Lap(XmatchStage.Match, t);
                    }
                    read += file.RowCount;
                    rowGroups += file.RowGroupCount;
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
        return new NightCandidates(alerts, read, rowGroups);
    }
}
