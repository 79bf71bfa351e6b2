using System.Globalization;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// The gated host on a two-night datalake with small limits on unfinished jobs: its <see cref="GatedHostFixture.Gate"/>
/// keeps jobs unfinished for as long as a test needs, and clients connect from different loopback addresses.
/// </summary>
public sealed class UnfinishedJobsHostFixture() : GatedHostFixture(2, new Dictionary<string, string?>
{
    ["FinkXmatch:MaxUnfinishedJobsPerClient"] = MaxUnfinishedJobsPerClient.ToString(CultureInfo.InvariantCulture),
    ["FinkXmatch:MaxUnfinishedJobs"] = MaxUnfinishedJobs.ToString(CultureInfo.InvariantCulture),
})
{
    public const int MaxUnfinishedJobsPerClient = 1;
    public const int MaxUnfinishedJobs = 2;
}
