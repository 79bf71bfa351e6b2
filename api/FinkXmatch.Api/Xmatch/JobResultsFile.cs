using FinkXmatch.Core.Results;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Xmatch;

/// <summary>
/// The one Parquet file of a completed job's matches: its nights' parts joined in night order on the first download
/// and kept beside them (written aside, then renamed). The parts lie in the shared data directory, so any silo can
/// serve a job.
/// </summary>
public sealed class JobResultsFile(IOptions<DataDirectoryOptions> data)
{
    private readonly SemaphoreSlim _joining = new(1, 1);

    public JobResultFiles Files { get; } = new(data.Value.DataDirectory);

    /// <summary>The joined file of <paramref name="jobId"/>, made from the parts of <paramref name="nights"/> if needed.</summary>
    /// <exception cref="FileNotFoundException">A night's part is missing.</exception>
    public async Task<string> GetAsync(string jobId, IReadOnlyList<string> nights, CancellationToken cancellationToken)
    {
        var joined = Files.Joined(jobId);
        if (File.Exists(joined)) return joined;
        await _joining.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(joined)) return joined;
            var parts = nights.Order(StringComparer.Ordinal).Select(n => Files.NightPart(jobId, n)).ToArray();
            foreach (var part in parts)
            {
                if (!File.Exists(part)) throw new FileNotFoundException($"the results of night {Path.GetFileNameWithoutExtension(part)} are missing", part);
            }
            var staging = $"{joined}.{Guid.NewGuid():N}.part";
            try
            {
                await using (var output = File.Create(staging))
                    await ResultPartConcatenator.ConcatenateAsync(parts, output, cancellationToken);
                File.Move(staging, joined, overwrite: true);
            }
            finally
            {
                if (File.Exists(staging)) File.Delete(staging);
            }
            return joined;
        }
        finally
        {
            _joining.Release();
        }
    }
}
