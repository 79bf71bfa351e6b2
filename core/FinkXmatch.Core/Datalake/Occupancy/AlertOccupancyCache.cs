using System.Collections.Concurrent;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Datalake.Occupancy;

/// <summary>
/// Each night's occupancy (<see cref="NightOccupancy"/>), kept in memory and on disk under
/// <c>DIRECTORY/&lt;survey&gt;/&lt;yyyy-MM-dd&gt;.bin</c> (never in the datalake, which may be read-only), with the stamp
/// of the night's files it was computed from: a night whose files changed is scanned again. A night that is in neither
/// is taken from <c>recorded</c> when that knows it (a job's scan recorded it beside the night's sky index), else
/// scanned, the first time it is asked for. One scan per night at a time; at most <c>maxParallelScans</c> nights scanned
/// at once per request.
/// </summary>
public sealed class AlertOccupancyCache(string directory, int maxParallelScans = 2, IRecordedOccupancy? recorded = null)
{
    private readonly ConcurrentDictionary<(string Survey, DateOnly Night), (string Stamp, SkyCoverage Coverage)> _memory = new();
    private readonly ConcurrentDictionary<(string Survey, DateOnly Night), SemaphoreSlim> _gates = new();
    private long _scans;

    /// <summary>Where the bitmaps are kept.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Nights scanned since this cache was made (neither in memory nor on disk with their current stamp).</summary>
    public long NightsScanned => Interlocked.Read(ref _scans);

    /// <summary>The union of the occupancies of <paramref name="nights"/>, all of <paramref name="survey"/>.</summary>
    /// <exception cref="DatalakeException">A night's file cannot be read, or holds another survey's alerts.</exception>
    public async Task<AlertCoverage> CoverageAsync(Survey survey, IReadOnlyList<DatalakeShard> nights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(nights);
        var each = new (string Stamp, SkyCoverage Coverage)[nights.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, nights.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelScans), CancellationToken = cancellationToken },
            async (i, token) => each[i] = await NightAsync(survey, nights[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        return new AlertCoverage(survey, SkyCoverage.Union(each.Select(e => e.Coverage), NightOccupancy.Order), nights.Count,
            NightStamp.KeyOf(survey.Name, [.. each.Select(e => e.Stamp)]));
    }

    /// <summary>One night's occupancy: from memory, else from disk, else scanned (and then kept in both).</summary>
    /// <exception cref="DatalakeException">A file of the night cannot be read, or holds another survey's alerts.</exception>
    public async Task<SkyCoverage> NightCoverageAsync(Survey survey, DatalakeShard night, CancellationToken cancellationToken = default) =>
        (await NightAsync(survey, night, cancellationToken).ConfigureAwait(false)).Coverage;

    private async Task<(string Stamp, SkyCoverage Coverage)> NightAsync(Survey survey, DatalakeShard night, CancellationToken cancellationToken)
    {
        var key = (survey.Name, night.Night);
        var stamp = NightStamp.Of(night);
        if (_memory.TryGetValue(key, out var known) && known.Stamp == stamp) return known;

        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have computed it while this one waited.
            if (_memory.TryGetValue(key, out known) && known.Stamp == stamp) return known;
            var path = FilePath(survey, night.Night);
            var coverage = OccupancyFile.TryRead(path, stamp) ?? recorded?.TryGetOccupancy(survey, night, stamp);
            if (coverage is null)
            {
                coverage = await NightOccupancy.ScanAsync(survey, night, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _scans);
                OccupancyFile.TryWrite(path, stamp, coverage);
            }
            _memory[key] = (stamp, coverage);
            return (stamp, coverage);
        }
        finally
        {
            gate.Release();
        }
    }

    private string FilePath(Survey survey, DateOnly night) =>
        Path.Combine(Directory, survey.Name, new Night(night) + ".bin");
}
