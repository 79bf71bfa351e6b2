using FinkXmatch.Core.Results;
using FinkXmatch.Core.Storage;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Bench;

/// <summary>
/// A benchmark's result file, written as the CLI writes it (<see cref="InPlaceFileStream"/>: each write done in place,
/// so that a row group's flush does not go on on a pool thread, where the write stage's CPU laps cannot follow it),
/// its last row group (written when the writer is disposed, after the scan) counted in the write stage too.
/// <c>recycleBatches</c>: as the CLI's job without Kafka, each batch's arrays handed back once written
/// (<see cref="ResultParquetWriter"/>).
/// </summary>
internal static class TimedResultFile
{
    public static async Task<XmatchSummary> WriteAsync(string path, XmatchPlan plan, XmatchCounters counters,
        bool recycleBatches, Func<ResultParquetWriter, Task<XmatchSummary>> run)
    {
        var writer = new ResultParquetWriter(plan.Result.Schema, InPlaceFileStream.Create(path), recycleBatches: recycleBatches);
        try
        {
            return await run(writer);
        }
        finally
        {
            var mark = StageMark.Now();
            await writer.DisposeAsync();
            counters.Lap(XmatchStage.Sink, mark);
        }
    }
}
