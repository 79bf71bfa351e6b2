using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Service.Tests.Durable;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>
/// Twenty jobs submitted at once to one silo process: all complete with the same matches; the per-job quota and the
/// cluster limit held, as the product's own scan record says (the peaks of running scans, not timing); and the API
/// answered throughout: GET /health latency is measured during the load and reported (not asserted).
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Jobs = 20;
    private const int Nights = 4;
    private const int CoresPerJob = 2;
    private const int ClusterScans = 3;

    [Fact]
    public async Task Twenty_jobs_at_once_complete_within_the_quotas_while_health_answers()
    {
        using var root = new TempDirectory();
        var datalake = Path.Combine(root.Path, "datalake");
        await WriteDatalakeAsync(datalake);
        await using var silo = await FaultSilo.StartAsync(Path.Combine(root.Path, "data"), datalake, "embedded", new Dictionary<string, string>
        {
            ["FINKXMATCH__CORESPERJOB"] = CoresPerJob.ToString(CultureInfo.InvariantCulture),
            ["FINKXMATCH__MAXCONCURRENTSHARDSCANS"] = ClusterScans.ToString(CultureInfo.InvariantCulture),
            ["FINKXMATCH__JOBTICKMILLISECONDS"] = "100",
        });
        var catalogId = await JobHttp.UploadAsync(silo, TestData.Path("catalogs/3hsp.csv"));

        using var stopProbing = new CancellationTokenSource();
        var probe = Task.Run(() => ProbeHealthAsync(silo, stopProbing.Token));
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(_ => JobHttp.SubmitAsync(silo, Request(catalogId))));
        var finals = await Task.WhenAll(ids.Select(id => JobHttp.WaitForFinishAsync(silo, id, TimeSpan.FromSeconds(120))));
        var elapsed = clock.Elapsed;
        await stopProbing.CancelAsync();
        var latencies = await probe;

        Assert.All(finals, f => Assert.True(f.Status == "completed", f.Json));
        Assert.Single(finals.Select(f => f.Matches).Distinct());
        Assert.True(finals[0].Matches > 0, finals[0].Json);

        // The quotas, from the scan record: each job within CoresPerJob, the cluster within its limit, which the load filled.
        var peaks = finals.Select(f => JsonNode.Parse(f.Json)!["peakConcurrentScans"]!.GetValue<int>()).ToArray();
        Assert.All(peaks, p => Assert.InRange(p, 1, CoresPerJob));
        var scans = JsonNode.Parse(await silo.Client.GetStringAsync("/api/v1/operator/scans"))!;
        Assert.Equal(ClusterScans, scans["maxConcurrentShardScans"]!.GetValue<int>());
        Assert.Equal(ClusterScans, scans["peakRunning"]!.GetValue<int>());
        Assert.Equal(0, scans["running"]!.GetValue<int>());

        Array.Sort(latencies);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Jobs} jobs x {Nights} nights in {elapsed.TotalSeconds:F1} s; per-job peaks {string.Join(",", peaks)}; cluster peak {scans["peakRunning"]}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /health during the load: {latencies.Length} requests, p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms"));
        Assert.NotEmpty(latencies);
    }

    // GET /health one after another until stopped; every answer must be 200.
    private static async Task<double[]> ProbeHealthAsync(SiloProcess silo, CancellationToken stop)
    {
        var latencies = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            using var response = await silo.Client.GetAsync("/health", CancellationToken.None);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(10, CancellationToken.None);
        }
        return latencies.ToArray();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static object Request(string catalogId) => new
    {
        catalogId, raColumn = "R.A.", decColumn = "Dec", idColumn = "id", radiusArcsec = 2.0,
        startNight = "2025-08-01", stopNight = $"2025-08-0{Nights}",
    };

    private static async Task WriteDatalakeAsync(string root)
    {
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(root, new DateOnly(2025, 8, 1), Nights, 2000, CutoutBytes: 0, MaxHistory: 0));
        using (var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv")))
        {
            var hsp = CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id"));
            generator.Plant(Enumerable.Range(0, hsp.Count).Select(i => (hsp.RaDeg[i], hsp.DecDeg[i])).ToList(), 0.1, 1.0);
        }
        await generator.GenerateAsync();
    }
}
