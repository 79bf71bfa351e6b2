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

    /// <summary>The bytes of the job's night parts (its results as they count against a user's quota; 0 when none).</summary>
    public long NightPartBytes(string jobId)
    {
        var directory = new DirectoryInfo(JobDirectory(jobId));
        return directory.Exists ? directory.EnumerateFiles("*.parquet").Sum(f => f.Length) : 0;
    }

    /// <summary>Deletes everything of <paramref name="jobId"/>: its parts folder, the joined file and any joining left aside.</summary>
    /// <exception cref="IOException">A file could not be deleted.</exception>
    public void DeleteAll(string jobId)
    {
        var directory = JobDirectory(jobId);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        if (!Directory.Exists(Root)) return;
        // results/{jobId}.parquet and its staging copies results/{jobId}.parquet.{guid}.part; "{jobId}." never matches job {jobId}0.
        foreach (var file in Directory.EnumerateFiles(Root, jobId + ".*")) File.Delete(file);
    }
}
