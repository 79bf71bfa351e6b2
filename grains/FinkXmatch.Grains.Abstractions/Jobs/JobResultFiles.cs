namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// Where a job's results lie under the data directory: <c>results/{jobId}/{night}.parquet</c>, one part per night
/// (written as <c>.part</c>, then renamed), and the joined <c>results/{jobId}.parquet</c> made on first download.
/// The data directory is shared by the silos, so any silo serves the results.
/// </summary>
public sealed class JobResultFiles(string dataDirectory)
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "results");

    public string JobDirectory(string jobId) => Path.Combine(Root, jobId);

    public string NightPart(string jobId, string night) => Path.Combine(JobDirectory(jobId), night + ".parquet");

    public string Joined(string jobId) => Path.Combine(Root, jobId + ".parquet");
}
