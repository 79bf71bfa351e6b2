using System.Collections.Concurrent;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Xmatch;

public static partial class CatalogPruning
{
    /// <summary>Row groups read ahead of the catalog's cells at most (a ZTF row group of ~46,000 alerts: ~0.75 MiB).</summary>
    internal const int MaxReadAhead = 8;

    /// <summary>
    /// The reach of the alerts of <paramref name="files"/> that lie in the cells of the catalog, smaller than the nights
    /// (<see cref="AlertReach.AddNear"/>), and those alerts (<see cref="AlertCandidates"/>, when <paramref name="keepCandidates"/>
    /// and the catalog has cells: null otherwise). The catalog's cells are made by one worker (one core: ~1.1 ms at 75 k
    /// sources) while the others read the alerts' positions, up to <see cref="MaxReadAhead"/> row groups, which wait for
    /// them; then every worker takes the next row group, of any file (one ZTF night: files of five and two row groups,
    /// which one thread per file read in ~2.2 and ~1 ms), or one read ahead. Without cells (a catalog too dense for
    /// them), every alert is marked (<see cref="AlertReach.Add"/>). The reach, its alerts and the candidates are those
    /// of the files read one after the other. <paramref name="rowGroupRows"/>: each file's row groups' rows, as its
    /// footer gave them; <paramref name="unread"/>: as for <see cref="ReachAsync"/>.
    /// </summary>
    internal static async Task<(AlertReach Reach, AlertCandidates? Candidates)> ReachWhileMarkingAsync(SourceCatalog catalog, List<string> files,
        IReadOnlyList<int>[] rowGroupRows, double radiusArcsec, ParallelOptions options, long alerts, bool keepCandidates,
        ConcurrentDictionary<string, DatalakeException>? unread = null)
    {
        var units = new List<(int File, int RowGroup)>();
        for (var f = 0; f < files.Count; f++)
            for (var g = 0; g < rowGroupRows[f].Count; g++) units.Add((f, g));
        var candidates = keepCandidates ? new AlertCandidates(catalog, radiusArcsec, files) : null;
        var marked = new TaskCompletionSource<(AlertReach Reach, SkyCellMask? Cells)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var readAhead = new ConcurrentQueue<(int File, PositionBatch Batch)>();
        var next = -1;
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Max(1, options.MaxDegreeOfParallelism)), options, async (worker, token) =>
        {
            if (worker == 0) Mark();
            var opened = new AlertFile?[files.Count];
            var kept = Array.Empty<int>();
            try
            {
                while (true)
                {
                    if (marked.Task.IsCompleted && readAhead.TryDequeue(out var waiting))
                    {
                        Add(waiting.File, waiting.Batch, ref kept);
                        continue;
                    }
                    var unit = Interlocked.Increment(ref next);
                    if (unit >= units.Count)
                    {
                        // Nothing left to read: the row groups read ahead are added once the cells are there.
                        if (!marked.Task.IsCompleted) await marked.Task.ConfigureAwait(false);
                        else if (readAhead.IsEmpty) break;
                        continue;
                    }
                    var batch = PositionBatch.Rent();
                    if (!await ReadAsync(units[unit], batch, opened, token).ConfigureAwait(false))
                    {
                        PositionBatch.Return(batch);
                        continue;
                    }
                    if (!marked.Task.IsCompleted && readAhead.Count < MaxReadAhead)
                    {
                        readAhead.Enqueue((units[unit].File, batch));
                        continue;
                    }
                    await marked.Task.ConfigureAwait(false);
                    Add(units[unit].File, batch, ref kept);
                }
            }
            finally
            {
                foreach (var file in opened)
                    if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
                if (kept.Length > 0) System.Buffers.ArrayPool<int>.Shared.Return(kept);
            }
        }).ConfigureAwait(false);
        var (reach, cells) = await marked.Task.ConfigureAwait(false);
        return (reach, cells is null ? null : candidates);

        void Mark()
        {
            try
            {
                var cells = SkyCellMask.Build(catalog.RaDeg, catalog.DecDeg, radiusArcsec, withFineLayer: false);
                marked.SetResult(cells is null ? (new AlertReach(radiusArcsec), null) : (AlertReach.ForCatalogCells(radiusArcsec, cells, alerts), cells));
            }
            catch (Exception e)
            {
                marked.SetException(e);
                throw;
            }
        }

        // The positions of a row group, from the file this worker has open; false when the file cannot be read (`unread`).
        async Task<bool> ReadAsync((int File, int RowGroup) unit, PositionBatch batch, AlertFile?[] opened, CancellationToken token)
        {
            try
            {
                var file = opened[unit.File] ??= await AlertFile.OpenAsync(files[unit.File], token).ConfigureAwait(false);
                token.ThrowIfCancellationRequested();
                await file.ReadPositionsAsync(unit.RowGroup, batch, ScanColumns.Positions, token).ConfigureAwait(false);
                return true;
            }
            catch (DatalakeException e) when (unread is not null)
            {
                unread[files[unit.File]] = e;
                return false;
            }
        }

        // A row group's alerts added to the reach (and candidates), its batch back to the pool.
        void Add(int file, PositionBatch batch, ref int[] kept)
        {
            var (reach, cells) = marked.Task.Result;
            AddRowGroup(reach, cells, candidates, file, rowGroupRows[file], batch, ref kept);
            PositionBatch.Return(batch);
        }
    }
}
