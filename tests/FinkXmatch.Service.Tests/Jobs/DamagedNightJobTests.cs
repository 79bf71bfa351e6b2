using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Service.Tests.Durable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>
/// A job whose index is pruned to the sources its nights' alerts reach (<see cref="CatalogPruning"/>, the thresholds
/// lowered so that 3HSP is pruned), over nights of which the last has a file with damaged pages: that night fails naming the
/// file, is retried, then fails the job, as in a full scan; the nights before it are matched (each done, its rows in
/// the job's Kafka topic: the brute force's). Its index used to read every night's files first and fail for every night.
/// And a job of nights apart (the first and third) indexes the alerts of those nights, not of the night between them
/// that its plan, spanning first to last, holds too.
/// </summary>
public sealed class DamagedNightJobTests(DamagedNightClusterFixture cluster, ITestOutputHelper output) : IClassFixture<DamagedNightClusterFixture>
{
    private const double Radius = 2;

    [Fact]
    public async Task A_file_with_damaged_pages_fails_its_night_naming_it_and_the_other_nights_are_matched()
    {
        var jobId = JobClusterFixture.NewJobId();
        var job = cluster.Cluster.Client.GetGrain<IXmatchJobGrain>(jobId);
        await job.SubmitAsync(Request([.. cluster.NightNames]));
        var final = await WaitForFinishAsync(job);
        var log = (await job.GetLogAsync())!;
        output.WriteLine(string.Join('\n', log));

        var damaged = cluster.NightNames[^1];
        Assert.Equal(JobPhase.Failed, final.Status);
        Assert.StartsWith($"night {damaged} failed {XmatchJobGrain.MaxShardFailures} times: ", final.Error, StringComparison.Ordinal);
        Assert.Contains($"datalake file '{cluster.DamagedFile}'", final.Error, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Contains($"night {damaged} failed (attempt 1 of {XmatchJobGrain.MaxShardFailures}), will retry: ", StringComparison.Ordinal)
            && l.Contains(cluster.DamagedFile, StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains(" index: ", StringComparison.Ordinal) && l.Contains(" sources can reach an alert of these nights", StringComparison.Ordinal));
        foreach (var night in cluster.NightNames[..^1])
            Assert.Single(log, l => l.Contains($" night {night} done: {DamagedNightClusterFixture.AlertsPerNight:N0} alerts, ", StringComparison.Ordinal));
        Assert.Equal(cluster.NightNames.Length - 1, final.ShardsDone);

        // The healthy nights' rows, as the job's topic holds them: the brute force's over those nights' alerts.
        await AssertTopicHoldsAsync(jobId, final, cluster.Reference);
    }

    [Fact]
    public async Task A_job_of_nights_apart_indexes_the_alerts_of_its_own_nights_only()
    {
        // Nights 0 and 2: the job's plan spans 0..2, night 1 included, whose alerts its index must not read.
        var jobId = JobClusterFixture.NewJobId();
        var job = cluster.Cluster.Client.GetGrain<IXmatchJobGrain>(jobId);
        await job.SubmitAsync(Request([cluster.NightNames[0], cluster.NightNames[2]]));
        var final = await WaitForFinishAsync(job);
        var log = (await job.GetLogAsync())!;
        output.WriteLine(string.Join('\n', log));

        Assert.Equal(JobPhase.Completed, final.Status);
        Assert.Equal(2, final.ShardsDone);
        var located = (2 * DamagedNightClusterFixture.AlertsPerNight).ToString("N0", CultureInfo.InvariantCulture);
        Assert.Contains(log, l => l.Contains(" index: ", StringComparison.Ordinal) && l.Contains($"({located} alerts located in ", StringComparison.Ordinal));
        await AssertTopicHoldsAsync(jobId, final, cluster.ReferenceOf(0, 2));
    }

    private XmatchJobRequest Request(string[] nights) =>
        new("cat-00000000000000000002", cluster.CatalogPath, "R.A.", "Dec", "id", CoordinateFormat.Auto, Radius,
            MatchMode.All, ["objectId", "candid", "candidate.magpsf"], null, nights);

    // The job's Kafka topic holds the brute force's rows (alert, source, separation, magnitude), each once.
    private async Task AssertTopicHoldsAsync(string jobId, JobStatus final, BruteForceXmatch reference)
    {
        var topic = await JobTopicReader.RowsAsync(cluster.Kafka.BootstrapServers, jobId);
        var (objectId, candid, magpsf, source, separation) = (Column("objectId"), Column("candid"), Column("magpsf"), Column("id"), Column(ResultLayout.SeparationColumn));
        var actual = topic.Rows.Select(r => (ObjectId: r[objectId]!, Candid: long.Parse(r[candid]!, CultureInfo.InvariantCulture), SourceId: r[source]!,
            Sep: double.Parse(r[separation]!, CultureInfo.InvariantCulture), Magpsf: r[magpsf])).OrderBy(r => r.Candid).ThenBy(r => r.SourceId, StringComparer.Ordinal).ToList();
        var expected = reference.Expected(Radius, MatchMode.All).OrderBy(p => p.Candid).ThenBy(p => p.SourceId, StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 20, $"{expected.Count} planted pairs");
        Assert.Equal(final.Matches, actual.Count);
        Assert.Equal(expected.Select(p => (p.ObjectId, p.Candid, p.SourceId)), actual.Select(r => (r.ObjectId, r.Candid, r.SourceId)));
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i].SeparationArcsec - actual[i].Sep) <= 1e-9, $"{actual[i]} against {expected[i]}");
        var magnitudes = reference.Alerts.ToDictionary(a => a.Candid, a => a.Magpsf);
        Assert.All(actual, r => Assert.Equal(magnitudes[r.Candid]?.ToString("R", CultureInfo.InvariantCulture), r.Magpsf));

        int Column(string name) => Array.IndexOf(topic.Columns, name) is var c and >= 0 ? c : throw new InvalidOperationException($"no column {name}: {string.Join(", ", topic.Columns)}");
    }

    private static async Task<JobStatus> WaitForFinishAsync(IXmatchJobGrain job)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = (await job.GetStatusAsync())!;
            if (status.Status.IsFinished()) return status;
            Assert.True(DateTime.UtcNow < deadline, $"job still {status.Status}");
            await Task.Delay(25);
        }
    }
}

/// <summary>
/// Two silos running jobs one night at a time (so that the nights before the damaged last one are done before it is
/// tried), an embedded Kafka broker, a service index cache that prunes 3HSP, and a generated datalake of
/// <see cref="Nights"/> nights holding counterparts of 3HSP sources, the pages of the last night's first file zeroed.
/// </summary>
public sealed class DamagedNightClusterFixture : IAsyncLifetime
{
    public const int Nights = 4;
    public const int AlertsPerNight = 1500;
    private static readonly DateOnly FirstNight = new(2025, 4, 1);
    private InProcessTestCluster? _cluster;
    private EmbeddedKafkaBroker? _broker;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"finkxmatch-damaged-night-{Guid.NewGuid():N}");

    private string Datalake => Path.Combine(Root, "datalake");

    public string CatalogPath => Path.Combine(Root, "3hsp.csv");

    public string[] NightNames { get; } = [.. Enumerable.Range(0, Nights).Select(n => FirstNight.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    public string DamagedFile { get; private set; } = "";

    private SourceCatalog _catalog = null!;
    private string[] _nightDirectories = [];

    /// <summary>The brute force over the alerts of every night but the damaged one (read with Apache Parquet C++).</summary>
    internal BruteForceXmatch Reference { get; private set; } = null!;

    /// <summary>The brute force over the alerts of the nights <paramref name="nights"/> (indexes from 0) at 2".</summary>
    internal BruteForceXmatch ReferenceOf(params int[] nights) =>
        new([.. nights.SelectMany(n => ReferenceAlerts.ReadAll(_nightDirectories[n]))], _catalog.RaDeg, _catalog.DecDeg, _catalog.Ids, 2);

    public InProcessTestCluster Cluster => _cluster!;

    public KafkaEndpoint Kafka { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var catalog = await JobClusterFixture.GenerateWithThreeHspAsync(Datalake, CatalogPath, FirstNight, Nights, AlertsPerNight, seed: 9);
        var nightDirectories = Enumerable.Range(0, Nights).Select(n => FirstNight.AddDays(n))
            .Select(d => Path.Combine(Datalake, $"year={d.Year}", $"month={d.Month:00}", $"day={d.Day:00}")).ToArray();
        (_catalog, _nightDirectories) = (catalog, nightDirectories);
        Reference = ReferenceOf([.. Enumerable.Range(0, Nights - 1)]);
        DamagedFile = Directory.GetFiles(nightDirectories[^1], "*.parquet").Order(StringComparer.Ordinal).First();
        ZeroPages(DamagedFile);

        _broker = EmbeddedKafkaBroker.Start();
        Kafka = KafkaEndpoint.Embedded(_broker);
        // 2,000 3HSP sources against 6,000 alerts: pruned only with the rule's thresholds lowered.
        _cluster = await JobClusterFixture.DeployAsync(Kafka, Path.Combine(Root, "data"), Datalake, coresPerJob: 1, slots: 2,
            services => services.AddSingleton(new CatalogIndexCache { PruneMinSources = 0, PruneAlertsPerSource = 1000 }));
    }

    // Every byte between the leading magic and the footer zeroed: the file's schema and row groups are still read from its
    // footer (so the job plans it, as its submission did), its pages are not. A file cut short would be refused when
    // planned (no footer): the submission answers 422 naming it.
    private static void ZeroPages(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var tail = new byte[8];
        stream.Seek(-8, SeekOrigin.End);
        stream.ReadExactly(tail);
        var footer = BitConverter.ToInt32(tail, 0);
        stream.Seek(4, SeekOrigin.Begin);
        stream.Write(new byte[stream.Length - 8 - footer - 4]);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _broker?.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
