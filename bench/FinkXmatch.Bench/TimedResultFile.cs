using FinkXmatch.Core.Results;
using FinkXmatch.Core.Storage;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Bench;

/// <summary>
/// A benchmark's result file, written as the CLI writes it (<see cref="InPlaceFileStream"/>: each write done in place,
/// so that a row group's flush does not go on on a pool thread, where the write stage's CPU laps cannot follow it),
/// its last row group (written when the writer is disposed, after the scan) counted in the write stage too.
/// </summary>
internal static class TimedResultFile
{
    public static async Task<XmatchSummary> WriteAsync(string path, XmatchPlan plan, XmatchCounters counters,
        Func<ResultParquetWriter, Task<XmatchSummary>> run)
    {
        var writer = new ResultParquetWriter(plan.Result.Schema, InPlaceFileStream.Create(path));
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
