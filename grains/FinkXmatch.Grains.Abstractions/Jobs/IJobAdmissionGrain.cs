namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// The cluster's one register of unfinished (queued or running) jobs, which admits a new job only within
/// <see cref="Settings.LimitOptions.MaxUnfinishedJobsPerClient"/> (a client being its IP address) and
/// <see cref="Settings.LimitOptions.MaxUnfinishedJobs"/>. Jobs are released when they finish, fail, are cancelled or
/// expire; before refusing, the register also asks its jobs whether they are still unfinished, so that a release lost
/// to a crash never blocks a client for good.
/// </summary>
[Alias("FinkXmatch.IJobAdmissionGrain")]
public interface IJobAdmissionGrain : IGrainWithIntegerKey
{
    /// <summary>The one register of the cluster.</summary>
    public const long ClusterKey = 0;

    /// <summary>Counts <paramref name="jobId"/> as unfinished for <paramref name="client"/>, unless that would go over a limit. Idempotent.</summary>
    [Alias("Admit")]
    Task<JobAdmission> AdmitAsync(string jobId, string client);

    /// <summary>The job no longer counts (finished, failed, cancelled, expired, or never submitted). Idempotent.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string jobId);

    /// <summary>The unfinished jobs counted now, oldest first.</summary>
    [Alias("GetUnfinished")]
    Task<UnfinishedJob[]> GetUnfinishedAsync();
}

/// <summary>
/// Whether a job was admitted; when not, <see cref="Limit"/> is the <see cref="Settings.LimitOptions"/> setting that refused
/// it, <see cref="LimitValue"/> its value and <see cref="Unfinished"/> how many unfinished jobs it already counts.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobAdmission(
    [property: Id(0)] bool Admitted,
    [property: Id(1)] string? Limit,
    [property: Id(2)] int LimitValue,
    [property: Id(3)] int Unfinished)
{
    public static JobAdmission Yes { get; } = new(true, null, 0, 0);
}

/// <summary>One job the register counts as unfinished.</summary>
[GenerateSerializer, Immutable]
public sealed record UnfinishedJob(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Client,
    [property: Id(2)] DateTimeOffset AdmittedAt);
