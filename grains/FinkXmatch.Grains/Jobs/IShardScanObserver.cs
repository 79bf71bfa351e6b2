namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The steps of each shard scan, as the silo's services see them: <see cref="NoShardScanObserver"/> in production
/// (registered by <see cref="JobServiceCollectionExtensions.AddXmatchJobs"/>); tests register their own first, to
/// count concurrent scans and to hold a scan at a known step. Every call is made on the thread pool, inside the scan.
/// </summary>
public interface IShardScanObserver
{
    /// <summary>Before the scan reads anything; may delay it (honouring <paramref name="cancellationToken"/>).</summary>
    Task ScanStartingAsync(string jobId, string night, CancellationToken cancellationToken);

    /// <summary>
    /// Once the night's result part (<paramref name="partPath"/>, the <c>.part</c> file) is written, before it is
    /// published to Kafka and renamed; may delay it (honouring <paramref name="cancellationToken"/>), e.g. to cancel a
    /// job while its parts are on disk but not committed.
    /// </summary>
    Task ResultsPartWrittenAsync(string jobId, string night, string partPath, CancellationToken cancellationToken);

    /// <summary>When the scan ends, however it ends.</summary>
    void ScanEnded(string jobId, string night);
}
