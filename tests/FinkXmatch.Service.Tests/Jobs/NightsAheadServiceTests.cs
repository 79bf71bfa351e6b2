using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Service.Tests.Lsst;
using FinkXmatch.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>
/// The silo planning nights ahead (<see cref="NightsAheadService"/>) on the real ZTF sample night and the real Rubin
/// night: with it on, each file's scan plan, each night's sky index and occupancy appear on disk without any job, and
/// the first jobs over those nights read no footer and build nothing, through the sky index, with the rows a silo
/// without it gives; with it off, nothing is written before a job; it stops with the host.
/// </summary>
public sealed class NightsAheadServiceTests : IDisposable
{
    private const string ZtfNight = "1988-11-03";

    private readonly TempDirectory _root = new();

    public NightsAheadServiceTests()
    {
        // The ZTF sample night as a datalake of its own (the service's datalakes are roots holding year=...).
        var night = Path.Combine(Ztf, "year=1988", "month=11", "day=03");
        Directory.CreateDirectory(night);
        foreach (var file in Directory.GetFiles(TestData.Path("datalake-sample/year=1988/month=11/day=03")))
            File.Copy(file, Path.Combine(night, Path.GetFileName(file)));
        RubinNight.LayOut(Lsst);
    }

    public void Dispose() => _root.Dispose();

    private string Ztf => Path.Combine(_root.Path, "ztf");

    private string Lsst => Path.Combine(_root.Path, "lsst");

    private string[] DatalakeFiles => [.. Directory.GetFiles(Ztf, "*.parquet", SearchOption.AllDirectories), .. Directory.GetFiles(Lsst, "*.parquet", SearchOption.AllDirectories)];

    [Fact]
    public async Task Planned_ahead_the_first_jobs_read_no_footer_and_give_the_rows_of_a_silo_that_does_not_plan()
    {
        Dictionary<string, string[]> reference;
        await using (var off = await StartAsync("off", planAhead: false))
        {
            // Off: the planner ended at once, and nothing is under the index directory before a job.
            Assert.True(off.Planner.ExecuteTask!.IsCompleted);
            Assert.False(Directory.Exists(Path.Combine(off.Data, "index")));
            reference = await RunJobsAsync(off, expectedPath: "full scan, sky index built from it");
        }

        await using var on = await StartAsync("on", planAhead: true);
        var store = on.Services.GetRequiredService<SkyIndexStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Planned(store))
        {
            Assert.True(DateTime.UtcNow < deadline, "the nights were not planned within 60 s");
            await Task.Delay(100);
        }
        Assert.False(on.Planner.ExecuteTask!.IsCompleted);   // still looking for nights, every interval
        var (footers, built) = (store.Plans.FootersRead, store.NightsBuilt);

        var results = await RunJobsAsync(on, expectedPath: "read through the sky index");

        Assert.Equal((footers, built), (store.Plans.FootersRead, store.NightsBuilt));
        Assert.Equal(reference.Keys.Order(), results.Keys.Order());
        foreach (var (survey, rows) in reference) Assert.Equal(rows, results[survey]);

        // It stops with the host.
        await on.App.StopAsync();
        Assert.True(on.Planner.ExecuteTask!.IsCompleted);
    }

    // Every datalake file has its plan on disk for its current size and time, and each night its index and occupancy.
    private bool Planned(SkyIndexStore store) =>
        DatalakeFiles.All(store.Plans.Holds)
        && File.Exists(store.OccupancyPath(Survey.Ztf, DateOnly.Parse(ZtfNight, CultureInfo.InvariantCulture)))
        && File.Exists(store.OccupancyPath(Survey.Lsst, DateOnly.Parse(RubinNight.Night, CultureInfo.InvariantCulture)));

    // One job per survey, a source 0.5" north of each alert; answers each job's result rows as text, and checks each night's log line.
    private async Task<Dictionary<string, string[]>> RunJobsAsync(Host host, string expectedPath)
    {
        var rows = new Dictionary<string, string[]>();
        foreach (var (survey, year, csv) in new[] { ("ztf", 1988, await ZtfCatalogCsvAsync()), ("lsst", 2026, await RubinNight.CatalogCsvAsync()) })
        {
            var catalogId = await host.Client.UploadCatalogAsync(Encoding.UTF8.GetBytes(csv), $"{survey}.csv");
            using var submit = await host.Client.PostAsJsonAsync("/api/v1/xmatch", new { catalogId, survey, radiusArcsec = 1.0, years = new[] { year } });
            var body = await submit.Content.ReadAsStringAsync();
            Assert.True(submit.StatusCode == HttpStatusCode.Accepted, body);
            var jobId = JsonNode.Parse(body)!["jobId"]!.GetValue<string>();
            Assert.Equal("completed", (await host.Client.WaitForJobAsync(jobId))["status"]!.GetValue<string>());
            var log = await host.Client.GetStringAsync($"/api/v1/xmatch/{jobId}/log");
            var night = Assert.Single(log.Split('\n'), l => l.Contains(" done: ", StringComparison.Ordinal));
            Assert.Contains(expectedPath, night, StringComparison.Ordinal);
            var table = await ParquetSerializer.DeserializeUntypedAsync(new MemoryStream(await host.Client.GetByteArrayAsync($"/api/v1/xmatch/{jobId}/results")));
            Assert.NotEmpty(table.Data);
            rows[survey] = [.. table.Data.Select(r => string.Join('|', r.Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}")))];
        }
        return rows;
    }

    // A source 0.5" north of each alert of the ZTF sample night that has a position, read with Parquet.Net's own column reader.
    private async Task<string> ZtfCatalogCsvAsync()
    {
        var csv = new StringBuilder("source,ra,dec\n");
        var n = 0;
        foreach (var path in Directory.GetFiles(Ztf, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await using var reader = await ParquetReader.CreateAsync(path);
            var fields = reader.Schema.GetDataFields();
            DataField Field(string name) => fields.Single(f => f.Path.ToString() == name);
            foreach (var group in reader.RowGroups)
            {
                var ra = await ReadAsync(group, Field("candidate/ra"));
                var dec = await ReadAsync(group, Field("candidate/dec"));
                for (var i = 0; i < ra.Length; i++)
                    if (ra[i] is { } a && dec[i] is { } d && d < 89)
                        csv.Append(CultureInfo.InvariantCulture, $"s{n++},{a:R},{d + 0.5 / 3600:R}\n");
            }
        }
        Assert.True(n > 0);
        return csv.ToString();
    }

    // A column's values by row, null where not defined (raw reads pack the defined values first).
    private static async Task<double?[]> ReadAsync(ParquetRowGroupReader group, DataField field)
    {
        var rows = checked((int)group.RowCount);
        var values = new double[rows];
        var levels = new int[rows];
        await group.ReadRawAsync<double>(field, values.AsMemory(), levels.AsMemory(), null, default);
        var byRow = new double?[rows];
        for (int r = 0, next = 0; r < rows; r++)
            if (levels[r] == field.MaxDefinitionLevel) byRow[r] = values[next++];
        return byRow;
    }

    private async Task<Host> StartAsync(string name, bool planAhead)
    {
        var data = Path.Combine(_root.Path, name);
        var (siloPort, gatewayPort) = new TestClusterPortAllocator().AllocateConsecutivePortPairs(1);
        var commandLine = ServiceCommandLine.Parse(
            ["--urls", "http://127.0.0.1:0", "--data-dir", data, "--datalake", $"ztf={Ztf}", "--datalake", $"lsst={Lsst}", "--kafka", "embedded"]);
        var settings = new Dictionary<string, string?>
        {
            [FinkXmatchSection.Key(nameof(DatalakeOptions.PlanNightsAhead))] = planAhead ? "true" : "false",
            [FinkXmatchSection.Key(nameof(DatalakeOptions.PlanNightsInterval))] = "00:00:01",
            ["FinkXmatch:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["FinkXmatch:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = ServiceHost.Build(commandLine, builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        return new Host(app, data, new HttpClient { BaseAddress = new Uri(ServiceHost.Addresses(app).Single()) });
    }

    private sealed record Host(WebApplication App, string Data, HttpClient Client) : IAsyncDisposable
    {
        public IServiceProvider Services => App.Services;

        public NightsAheadService Planner => Services.GetServices<IHostedService>().OfType<NightsAheadService>().Single();

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
