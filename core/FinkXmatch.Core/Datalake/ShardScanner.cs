using FinkXmatch.Core.Datalake.Raw;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// Called once per row group with its positions. <paramref name="file"/> stays open during the call, so matched rows
/// can be materialized right away with <see cref="AlertFile.ReadRowsAsync"/>. The batch is reused after the call.
/// </summary>
public delegate ValueTask RowGroupHandler(AlertFile file, PositionBatch batch, CancellationToken cancellationToken);

/// <summary>What a scan read.</summary>
public readonly record struct ScanStatistics(int Files, int RowGroups, long Alerts)
{
    /// <summary>Sum of two scans' counts.</summary>
    public static ScanStatistics operator +(ScanStatistics a, ScanStatistics b) =>
        new(a.Files + b.Files, a.RowGroups + b.RowGroups, a.Alerts + b.Alerts);
}

/// <summary>
/// Projected scan of datalake files: per row group, reads only <c>candidate.ra</c>/<c>candidate.dec</c> (plus the
/// chosen <see cref="ScanColumns"/>) into one reusable <see cref="PositionBatch"/>. One scanner per thread.
/// </summary>
public sealed class ShardScanner(ScanColumns columns = ScanColumns.Positions)
{
    /// <summary>Extra columns read with the positions.</summary>
    public ScanColumns Columns { get; } = columns;

    /// <summary>Where the files' scan plans are kept on disk, if anywhere (see <see cref="ScanPlanStore"/>).</summary>
    public ScanPlanStore? PlansOnDisk { get; init; }

    /// <summary>Scans every file of a night shard, in file order.</summary>
    public Task<ScanStatistics> ScanAsync(DatalakeShard shard, RowGroupHandler onRowGroup, CancellationToken cancellationToken = default) =>
        ScanAsync((shard ?? throw new ArgumentNullException(nameof(shard))).Files, onRowGroup, cancellationToken);

    /// <summary>Scans the given files, in order.</summary>
    public async Task<ScanStatistics> ScanAsync(IEnumerable<string> files, RowGroupHandler onRowGroup,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(onRowGroup);
        var total = new ScanStatistics();
        foreach (var path in files)
            total += await ScanFileAsync(path, onRowGroup, cancellationToken).ConfigureAwait(false);
        return total;
    }

    /// <summary>Scans one file, row group by row group.</summary>
    public async Task<ScanStatistics> ScanFileAsync(string path, RowGroupHandler onRowGroup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onRowGroup);
        await using var file = await AlertFile.OpenAsync(path, PlansOnDisk, cancellationToken).ConfigureAwait(false);
        // From the pool the crossmatch's scans share: a job's reading of its alerts' reach (CatalogPruning) leaves its
        // batches, their pages already faulted in, to the scan that follows.
        var batch = PositionBatch.Rent();
        try
        {
            for (var g = 0; g < file.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await file.ReadPositionsAsync(g, batch, Columns, cancellationToken).ConfigureAwait(false);
                await onRowGroup(file, batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            PositionBatch.Return(batch);
        }
        return new ScanStatistics(1, file.RowGroupCount, file.RowCount);
    }
}
