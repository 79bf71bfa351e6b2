using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Without <c>--datalake</c>, makes sure the demo datalakes (ZTF and LSST) exist under the data directory before
/// anything else starts (generated on first start, in seconds; reused afterwards).
/// </summary>
public sealed class DemoDatalakeStartup(IReadOnlyList<(Survey Survey, string Root)> datalakes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (survey, root) in datalakes)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (!await DemoDatalake.EnsureAsync(root, survey, cancellationToken)) continue;
            var (nights, alerts, first) = survey == Survey.Lsst
                ? (DemoDatalake.LsstNights, DemoDatalake.LsstAlertsPerNight, DemoDatalake.LsstFirstNight)
                : (DemoDatalake.Nights, DemoDatalake.AlertsPerNight, DemoDatalake.FirstNight);
            Console.WriteLine($"Generated the {survey.Name.ToUpperInvariant()} demo datalake in {root}: {nights} nights x {alerts:N0} alerts " +
                $"from {first:yyyy-MM-dd} ({clock.Elapsed.TotalSeconds:F1} s)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
