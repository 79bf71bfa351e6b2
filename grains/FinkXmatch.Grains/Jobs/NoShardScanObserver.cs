namespace FinkXmatch.Grains.Jobs;

/// <summary>The production <see cref="IShardScanObserver"/>: scans go on without a pause (their concurrency is recorded by <see cref="IScanActivityGrain"/>).</summary>
public sealed class NoShardScanObserver : IShardScanObserver
{
    public Task ScanStartingAsync(string jobId, string night, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ResultsPartWrittenAsync(string jobId, string night, string partPath, CancellationToken cancellationToken) => Task.CompletedTask;

    public void ScanEnded(string jobId, string night)
    {
    }
}
