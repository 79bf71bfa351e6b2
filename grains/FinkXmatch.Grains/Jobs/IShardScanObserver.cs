namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Optional hook around each shard scan, resolved from the silo's services when registered (tests use it to count
/// concurrent scans and to hold scans open; production registers none).
/// </summary>
public interface IShardScanObserver
{
    /// <summary>Called on the thread pool before the scan reads anything; may delay it (honouring <paramref name="cancellationToken"/>).</summary>
    Task ScanStartingAsync(string jobId, string night, CancellationToken cancellationToken);

    /// <summary>Called when the scan ends, however it ends.</summary>
    void ScanEnded(string jobId, string night);
}
