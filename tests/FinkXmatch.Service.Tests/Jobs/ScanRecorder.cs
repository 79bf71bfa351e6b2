using System.Collections.Concurrent;
using FinkXmatch.Grains.Jobs;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>
/// Counts the shard scans in flight, per job and cluster-wide, from inside the shard grains of every silo (they share
/// this process), remembers the highest counts, and can hold scans open for a while or until cancelled.
/// </summary>
public sealed class ScanRecorder : IShardScanObserver
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _maxPerJob = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _holds = new(StringComparer.Ordinal);
    private int _total;

    public int MaxTotal { get; private set; }

    public int Started { get; private set; }

    /// <summary>Scans of <paramref name="jobId"/> wait this long (or until cancelled) before reading.</summary>
    public void Hold(string jobId, TimeSpan duration) => _holds[jobId] = duration;

    public int MaxOf(string jobId)
    {
        lock (_gate) return _maxPerJob.GetValueOrDefault(jobId);
    }

    public int InFlight(string jobId)
    {
        lock (_gate) return _inFlight.GetValueOrDefault(jobId);
    }

    public void ResetTotals()
    {
        lock (_gate) MaxTotal = _total;
    }

    public async Task ScanStartingAsync(string jobId, string night, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _inFlight[jobId] = _inFlight.GetValueOrDefault(jobId) + 1;
            _maxPerJob[jobId] = Math.Max(_maxPerJob.GetValueOrDefault(jobId), now);
            MaxTotal = Math.Max(MaxTotal, ++_total);
            Started++;
        }
        if (_holds.TryGetValue(jobId, out var hold)) await Task.Delay(hold, cancellationToken);
    }

    public Task ResultsPartWrittenAsync(string jobId, string night, string partPath, CancellationToken cancellationToken) => Task.CompletedTask;

    public void ScanEnded(string jobId, string night)
    {
        lock (_gate)
        {
            _inFlight[jobId]--;
            _total--;
        }
    }
}
