namespace FinkXmatch.Grains.Jobs;

/// <summary>Counts the running shard scans of the cluster and keeps their peaks (see <see cref="IScanActivityGrain"/>).</summary>
public sealed class ScanActivityGrain : Grain, IScanActivityGrain
{
    // Jobs whose peak nobody took (their job grain died) are dropped once idle, past this many.
    private const int MaxJobs = 10_000;

    private readonly Dictionary<string, JobCounts> _jobs = new(StringComparer.Ordinal);
    private int _running;
    private int _peak;

    public Task ScanStartedAsync(string jobId)
    {
        var job = Job(jobId);
        job.Running++;
        job.Peak = Math.Max(job.Peak, job.Running);
        _running++;
        _peak = Math.Max(_peak, _running);
        return Task.CompletedTask;
    }

    public Task ScanEndedAsync(string jobId)
    {
        if (_jobs.TryGetValue(jobId, out var job) && job.Running > 0)
        {
            job.Running--;
            _running--;
        }
        return Task.CompletedTask;
    }

    public Task<ScanActivity> GetAsync() => Task.FromResult(new ScanActivity(_running, _peak,
        _jobs.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j => new JobScanActivity(j.Key, j.Value.Running, j.Value.Peak)).ToArray()));

    public Task<int> TakeJobPeakAsync(string jobId)
    {
        if (!_jobs.TryGetValue(jobId, out var job)) return Task.FromResult(0);
        if (job.Running == 0) _jobs.Remove(jobId);
        return Task.FromResult(job.Peak);
    }

    private JobCounts Job(string jobId)
    {
        if (_jobs.TryGetValue(jobId, out var job)) return job;
        if (_jobs.Count >= MaxJobs)
        {
            foreach (var idle in _jobs.Where(j => j.Value.Running == 0).Select(j => j.Key).ToArray()) _jobs.Remove(idle);
        }
        return _jobs[jobId] = new JobCounts();
    }

    private sealed class JobCounts
    {
        public int Running { get; set; }
        public int Peak { get; set; }
    }
}
