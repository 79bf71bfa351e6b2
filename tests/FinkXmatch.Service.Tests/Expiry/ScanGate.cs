using FinkXmatch.Grains.Jobs;

namespace FinkXmatch.Service.Tests.Expiry;

/// <summary>Holds every shard scan before it reads anything while closed, so that a job stays running as long as a test needs.</summary>
public sealed class ScanGate : IShardScanObserver
{
    private volatile TaskCompletionSource _open = Opened();

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public Task ScanStartingAsync(string jobId, string night, CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    public void ScanEnded(string jobId, string night)
    {
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
