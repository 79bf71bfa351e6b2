using System.Collections.Concurrent;
using FinkXmatch.Grains.Jobs;

namespace FinkXmatch.Service.Tests;

/// <summary>
/// Holds every shard scan before it reads anything while closed (<see cref="Close"/>), and every night whose result part
/// is written but not yet committed to Kafka while writes are held (<see cref="HoldWrites"/>), so that a test strikes a
/// job at a known step.
/// Counts the scans in flight and those waiting at the gate.
/// </summary>
public sealed class ScanGate : IShardScanObserver
{
    private readonly ConcurrentDictionary<string, string> _heldParts = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource _open = Opened();
    private volatile TaskCompletionSource _writes = Opened();
    private int _inFlight;
    private int _waiting;

    /// <summary>Scans between their start and their end, however they end.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Scans held at the closed gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>The result parts (<c>.part</c> paths) held written but uncommitted.</summary>
    public string[] HeldParts => _heldParts.Values.ToArray();

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public void HoldWrites() => _writes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseWrites() => _writes.TrySetResult();

    public async Task ScanStartingAsync(string jobId, string night, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _waiting);
        try
        {
            await _open.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public async Task ResultsPartWrittenAsync(string jobId, string night, string partPath, CancellationToken cancellationToken)
    {
        _heldParts[NightShardWork.Key(jobId, night)] = partPath;
        try
        {
            await _writes.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _heldParts.TryRemove(NightShardWork.Key(jobId, night), out _);
        }
    }

    public void ScanEnded(string jobId, string night) => Interlocked.Decrement(ref _inFlight);

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
