using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Without <c>--datalake</c>, makes sure the demo datalake exists under the data directory before anything else
/// starts (generated on first start, in seconds; reused afterwards).
/// </summary>
public sealed class DemoDatalakeStartup(string root) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (await DemoDatalake.EnsureAsync(root, cancellationToken))
            Console.WriteLine($"Generated the demo datalake in {root}: {DemoDatalake.Nights} nights x {DemoDatalake.AlertsPerNight:N0} alerts " +
                $"from {DemoDatalake.FirstNight:yyyy-MM-dd} ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
