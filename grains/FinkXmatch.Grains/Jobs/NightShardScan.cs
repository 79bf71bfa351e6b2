using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Storage;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The work of one shard, run on the thread pool: scan the night (positions only, then the matched rows), publish the
/// matches to Kafka in one transaction (skipped when an earlier run committed them), and keep them as the night's
/// Parquet part (written aside, renamed last; removed when the scan is cancelled or fails).
/// </summary>
internal static class NightShardScan
{
    private const int RowsPerGroup = 4096;

    public static async Task<ShardProgress> RunAsync(NightShardWork work, XmatchJobResources resources, IShardScanObserver observer,
        XmatchCounters counters, CancellationToken cancel)
    {
        var request = work.Request;
        var inputs = JobActivities.Start(JobActivities.ShardInputs, work.JobId);
        var plan = await resources.GetPlanAsync(work.JobId, request).ConfigureAwait(false);
        var shard = plan.Shards.FirstOrDefault(s => s.Name == work.Night)
            ?? throw new InvalidOperationException($"night {work.Night} is no longer in the datalake");
        var catalog = await resources.GetCatalogAsync(request).ConfigureAwait(false);
        var index = await resources.GetIndexAsync(work.JobId, request, plan, cancel).ConfigureAwait(false);
        // A night the job's index left out (a file of it could not be read): read again for an index of its own, or failed
        // naming the file, as its scan would; the job's other nights are matched.
        if (index.Unread.ContainsKey(shard.Name)) index = await resources.GetNightIndexAsync(request, shard, cancel).ConfigureAwait(false);
        inputs?.Dispose();

        try
        {
            await observer.ScanStartingAsync(work.JobId, work.Night, cancel).ConfigureAwait(false);
            var batches = new List<ResultBatch>();
            var xmatcher = new ShardXmatcher(catalog, new CrossMatcher(index.Index, plan.Options.Mode), plan.Result, counters, resources.SkyIndex);
            var scan = JobActivities.Start(JobActivities.ShardScan, work.JobId);
            var outcome = await xmatcher.RunAsync(shard, (batch, _) =>
            {
                batches.Add(batch);
                return ValueTask.CompletedTask;
            }, cancel).ConfigureAwait(false);
            scan?.Dispose();
            var rowCount = batches.Sum(b => b.Count);

            var final = resources.Results.NightPart(work.JobId, work.Night);
            var part = final + ".part";
            cancel.ThrowIfCancellationRequested();
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            try
            {
                var parquet = JobActivities.Start(JobActivities.ShardParquet, work.JobId);
                await using (var writer = new ResultParquetWriter(plan.Result.Schema, File.Create(part), rowsPerGroup: RowsPerGroup))
                {
                    // In row groups of bounded size (the writer's), so that a cancel is honoured between them.
                    foreach (var batch in batches)
                    {
                        cancel.ThrowIfCancellationRequested();
                        await writer.WriteAsync(batch, cancel).ConfigureAwait(false);
                    }
                }
                parquet?.Dispose();
                await observer.ResultsPartWrittenAsync(work.JobId, work.Night, part, cancel).ConfigureAwait(false);
                cancel.ThrowIfCancellationRequested();
                var kafka = JobActivities.Start(JobActivities.ShardKafka, work.JobId);
                var producer = new ShardResultProducer(resources.Kafka.BootstrapServers, work.JobId, plan.Result.Schema, resources.KafkaOutput);
                var published = producer.ProduceShard(work.Night, batches.SelectMany(b => b), cancel);
                kafka?.Dispose();
                if (published.Rows != rowCount)
                    throw new InvalidOperationException(
                        $"night {work.Night}: Kafka holds {published.Rows} rows from an earlier run but this scan found {rowCount}");
                // Committed to Kafka: from here the shard is done, whatever a late cancel says.
                File.Move(part, final, overwrite: true);
                var indexNote = index.Pruned && resources.FirstToTellIndex(work.JobId) ? index.DescribePruning(catalog.Count) : null;
                return new ShardProgress(ShardRunState.Completed, outcome.Alerts, rowCount, published.AlreadyDone, null,
                    ScanPath: outcome.Path.Describe(), IndexNote: indexNote);
            }
            catch (IOException e) when (DiskFull.Is(e))
            {
                throw new IOException($"the data directory is full: the results of night {work.Night} could not be written to {part}", e);
            }
            finally
            {
                if (File.Exists(part)) File.Delete(part);
                if (cancel.IsCancellationRequested) RemoveIfEmpty(Path.GetDirectoryName(final)!);
            }
        }
        finally
        {
            observer.ScanEnded(work.JobId, work.Night);
        }
    }

    // A scan stopped after its job gave up (cancelled, failed) may outlive the job's own clean-up, which then could not
    // remove the job's folder while this scan still wrote in it; the last such scan removes it. Not empty: others use it.
    private static void RemoveIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Another scan wrote a file meanwhile: it is not empty, which is fine.
        }
    }
}
