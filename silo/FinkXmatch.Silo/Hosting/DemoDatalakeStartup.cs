using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Without <c>--datalake</c>, the service serves the demo datalakes (ZTF and LSST) under the data directory, and makes
/// sure they exist before anything else starts (generated on first start, in seconds; reused afterwards).
/// </summary>
public sealed class DemoDatalakeStartup(IOptions<DatalakeOptions> datalakes, IOptions<DataDirectoryOptions> data) : IHostedService
{
    /// <summary>
    /// Registers the datalakes served: the configured ones, or else the demo ones and their generation. Call before
    /// the API and the grains register theirs (the first registration wins), and before the silo's hosted service.
    /// </summary>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<DatalakeOptions>>().Value;
            return configured.IsEmpty
                ? new SurveyDatalakes(null, Roots(sp.GetRequiredService<IOptions<DataDirectoryOptions>>().Value)
                    .ToDictionary(d => d.Survey.Name, d => d.Root))
                : new SurveyDatalakes(configured.Datalake, configured.Datalakes);
        });
        services.AddHostedService<DemoDatalakeStartup>();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!datalakes.Value.IsEmpty) return;
        foreach (var (survey, root) in Roots(data.Value))
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

    private static (Survey Survey, string Root)[] Roots(DataDirectoryOptions data) =>
    [
        (Survey.Ztf, Path.GetFullPath(Path.Combine(data.DataDirectory, "datalake"))),
        (Survey.Lsst, Path.GetFullPath(Path.Combine(data.DataDirectory, "datalake-lsst"))),
    ];
}
