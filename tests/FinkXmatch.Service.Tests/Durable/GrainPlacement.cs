using System.Globalization;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>Where the cluster's grains live, from the Orleans dashboard's counters (<c>/dashboard/DashboardCounters</c>).</summary>
internal static class GrainPlacement
{
    public const string JobGrain = "FinkXmatch.Grains.Jobs.XmatchJobGrain";
    public const string ShardGrain = "FinkXmatch.Grains.Jobs.NightShardGrain";

    /// <summary>Silo index -> activations of <paramref name="grainType"/> there, as <paramref name="asked"/> reports them.</summary>
    public static async Task<Dictionary<int, int>> ActivationsAsync(DurableCluster cluster, SiloProcess asked, string grainType)
    {
        var counters = JsonNode.Parse(await asked.Client.GetStringAsync("/dashboard/DashboardCounters"))!;
        var bySilo = new Dictionary<int, int>();
        foreach (var stat in counters["simpleGrainStats"]!.AsArray())
        {
            if (stat!["grainType"]!.GetValue<string>() != grainType) continue;
            var port = int.Parse(stat["siloAddress"]!.GetValue<string>().Split(':', '@')[1], CultureInfo.InvariantCulture);
            var index = Enumerable.Range(0, cluster.Size).Single(i => cluster.SiloPort(i) == port);
            bySilo[index] = bySilo.GetValueOrDefault(index) + stat["activationCount"]!.GetValue<int>();
        }
        return bySilo;
    }

    /// <summary>The silo hosting the one job grain of the cluster (the dashboard samples every second or so).</summary>
    public static async Task<int> JobHostAsync(DurableCluster cluster, SiloProcess asked)
    {
        await DurableCluster.WaitUntilAsync(async () => (await ActivationsAsync(cluster, asked, JobGrain)).Values.Sum() == 1,
            TimeSpan.FromSeconds(20), "the dashboard shows the job grain");
        return (await ActivationsAsync(cluster, asked, JobGrain)).Single(a => a.Value > 0).Key;
    }
}
