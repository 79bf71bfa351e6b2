using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace FinkXmatch.Bench;

/// <summary>
/// <c>bench/run.sh smalljob</c>: the time from <c>POST /api/v1/xmatch</c> to the status <c>completed</c> of a small
/// job (5 nights x 20,000 alerts, 1,000 sources at 1.5"), on the real service host started in this process (HTTP on
/// loopback, Orleans silo, embedded Kafka), over many jobs in a row, with where the time went: the job's phases as
/// its grains trace them (<see cref="JobActivities"/>), and the gaps between them (waiting for a timer, a call).
/// </summary>
internal static class SmallJobBenchmark
{
    private static readonly TimeSpan StatusPollInterval = TimeSpan.FromMilliseconds(5);

    public static async Task<string> RunAsync(string cacheDir, string[] args)
    {
        var o = SmallJobOptions.Parse(args);
        var datalake = await XmatchData.DatalakeAsync(cacheDir, $"datalake-{o.Nights}x{o.AlertsPerNight}", new DatalakeGeneratorOptions("",
            new DateOnly(2024, 1, 1), o.Nights, o.AlertsPerNight, CutoutBytes: 0, MaxHistory: 5));
        var catalog = Path.Combine(cacheDir, $"smalljob-catalog-{o.Sources}.csv");
        WriteCatalog(catalog, o.Sources);
        var dataDirectory = Path.Combine(cacheDir, $"smalljob-service-{Guid.NewGuid():N}");

        using var spans = new SpanRecorder();
        var app = ServiceHost.Build(ServiceCommandLine.Parse(
            ["--urls", "http://127.0.0.1:0", "--data-dir", dataDirectory, "--datalake", datalake.Root, "--kafka", "embedded"]),
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FinkXmatch:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                ["FinkXmatch:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(ServiceHost.Addresses(app).Single()) };
            var catalogId = await UploadAsync(http, catalog);
            var first = datalake.Nights;
            var nights = (Start: "2024-01-01", Stop: new DateOnly(2024, 1, 1).AddDays(first - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var runs = new List<SmallJobRun>();
            for (var i = 0; i < o.Warmup + o.Jobs; i++)
            {
                var run = await RunJobAsync(http, spans, catalogId, nights, o.RadiusArcsec);
                Console.Error.WriteLine($"{(i < o.Warmup ? "warm-up" : "job")} {i + 1 - (i < o.Warmup ? 0 : o.Warmup)}: {run.Describe()}");
                if (i >= o.Warmup) runs.Add(run);
            }
            return Report(o, datalake, runs);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<SmallJobRun> RunJobAsync(HttpClient http, SpanRecorder spans, string catalogId, (string Start, string Stop) nights,
        double radius)
    {
        var clock = Stopwatch.StartNew();
        var submittedAt = DateTime.UtcNow;
        using var submit = await http.PostAsJsonAsync("/api/v1/xmatch",
            new { catalogId, radiusArcsec = radius, startNight = nights.Start, stopNight = nights.Stop });
        var body = await submit.Content.ReadAsStringAsync();
        if (submit.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"submit answered {(int)submit.StatusCode}: {body}");
        var accepted = clock.Elapsed;
        var jobId = JsonNode.Parse(body)!["jobId"]!.GetValue<string>();
        JsonNode status;
        while (true)
        {
            status = JsonNode.Parse(await http.GetStringAsync($"/api/v1/xmatch/{jobId}"))!;
            var state = status["status"]!.GetValue<string>();
            if (state == "completed") break;
            if (state is not ("queued" or "running")) throw new InvalidOperationException($"job {jobId} ended {state}: {status.ToJsonString()}");
            await Task.Delay(StatusPollInterval);
        }
        var completed = clock.Elapsed;
        using (var results = await http.GetAsync($"/api/v1/xmatch/{jobId}/results"))
        {
            results.EnsureSuccessStatusCode();
            await results.Content.ReadAsByteArrayAsync();
        }
        var downloaded = clock.Elapsed - completed;
        return new SmallJobRun(jobId, accepted, completed, downloaded, status["alertsScanned"]!.GetValue<long>(), status["matches"]!.GetValue<long>(),
            spans.Take(jobId, submittedAt));
    }

    private static string Report(SmallJobOptions o, BenchDatalake datalake, List<SmallJobRun> runs)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Small job: {datalake.Nights} nights x {o.AlertsPerNight:N0} alerts ({datalake.Alerts:N0}), {o.Sources:N0} sources at {o.RadiusArcsec}\", " +
            $"{runs.Count} jobs in a row after {o.Warmup} warm-up jobs, {runs[0].Matches:N0} matches each; seconds, median [min-max]");
        s.AppendLine();
        s.AppendLine("| step | median | min | max |");
        s.AppendLine("|---|---|---|---|");
        Line(s, "submit -> completed (client: POST, then status every 5 ms)", runs.Select(r => r.Completed.TotalSeconds));
        Line(s, "submit -> 202 Accepted", runs.Select(r => r.Accepted.TotalSeconds));
        Line(s, "GET results (joining the nights)", runs.Select(r => r.Download.TotalSeconds));
        Line(s, "submit -> first shard starts", runs.Select(r => r.Timeline.FirstShardStart));
        Line(s, "first shard starts -> last shard ends", runs.Select(r => r.Timeline.ShardsWall));
        Line(s, "last shard ends -> completed seen", runs.Select(r => r.Completed.TotalSeconds - r.Timeline.LastShardEnd));
        foreach (var name in runs.SelectMany(r => r.Timeline.Phases.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Line(s, $"{name} (sum over the job, count {runs[0].Timeline.Counts.GetValueOrDefault(name)})",
                runs.Select(r => r.Timeline.Phases.GetValueOrDefault(name)));
        }
        return s.ToString();
    }

    private static void Line(StringBuilder s, string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        s.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {median:F3} | {sorted[0]:F3} | {sorted[^1]:F3} |");
    }

    private static void WriteCatalog(string path, int sources)
    {
        var (ra, dec) = XmatchData.PlantedPositions();
        var csv = new StringBuilder("id,ra,dec\n");
        for (var i = 0; i < sources; i++) csv.Append(CultureInfo.InvariantCulture, $"S{i:D6},{ra[i]:R},{dec[i]:R}\n");
        File.WriteAllText(path, csv.ToString());
    }

    private static async Task<string> UploadAsync(HttpClient http, string path)
    {
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await http.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { { file, "file", Path.GetFileName(path) } });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"upload answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["catalogId"]!.GetValue<string>();
    }

}

/// <summary>One measured job: client-side times, and its phases from the grains' spans.</summary>
internal sealed record SmallJobRun(string JobId, TimeSpan Accepted, TimeSpan Completed, TimeSpan Download, long Alerts, long Matches, JobTimeline Timeline)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Completed.TotalSeconds:F3} s to completed (202 after {Accepted.TotalSeconds:F3} s; shards {Timeline.FirstShardStart:F3}..{Timeline.LastShardEnd:F3} s), results {Download.TotalSeconds:F3} s, {Alerts:N0} alerts, {Matches:N0} matches");
}

/// <summary>A job's spans relative to its submission: when its first shard started and its last ended, and the seconds per phase.</summary>
internal sealed record JobTimeline(double FirstShardStart, double LastShardEnd, IReadOnlyDictionary<string, double> Phases, IReadOnlyDictionary<string, int> Counts)
{
    public double ShardsWall => LastShardEnd - FirstShardStart;
}

/// <summary>Collects the <see cref="JobActivities"/> spans of this process, by job.</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Activity>> _byJob = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == JobActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("job") is string job) _byJob.GetOrAdd(job, _ => new ConcurrentQueue<Activity>()).Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public JobTimeline Take(string jobId, DateTime submittedAt)
    {
        var spans = _byJob.TryRemove(jobId, out var queue) ? queue.ToArray() : [];
        var shards = spans.Where(a => a.OperationName.StartsWith("shard.", StringComparison.Ordinal)).ToArray();
        double Since(DateTime t) => (t - submittedAt).TotalSeconds;
        return new JobTimeline(
            shards.Length == 0 ? double.NaN : shards.Min(a => Since(a.StartTimeUtc)),
            shards.Length == 0 ? double.NaN : shards.Max(a => Since(a.StartTimeUtc + a.Duration)),
            spans.GroupBy(a => a.OperationName).ToDictionary(g => g.Key, g => g.Sum(a => a.Duration.TotalSeconds)),
            spans.GroupBy(a => a.OperationName).ToDictionary(g => g.Key, g => g.Count()));
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>The small-job benchmark's options: <c>--jobs 20 --warmup 3 --nights 5 --alerts-per-night 20000 --sources 1000 --radius 1.5</c>.</summary>
internal sealed record SmallJobOptions(int Jobs, int Warmup, int Nights, int AlertsPerNight, int Sources, double RadiusArcsec)
{
    public static SmallJobOptions Parse(string[] args)
    {
        var o = new SmallJobOptions(20, 3, 5, 20_000, 1_000, 1.5);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            o = args[i] switch
            {
                "--jobs" => o with { Jobs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => o with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--nights" => o with { Nights = int.Parse(value, CultureInfo.InvariantCulture) },
                "--alerts-per-night" => o with { AlertsPerNight = int.Parse(value, CultureInfo.InvariantCulture) },
                "--sources" => o with { Sources = int.Parse(value, CultureInfo.InvariantCulture) },
                "--radius" => o with { RadiusArcsec = double.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new BenchUsageException($"unknown option {args[i]}: --jobs, --warmup, --nights, --alerts-per-night, --sources, --radius"),
            };
        }
        // The datalake holds the 7,500 planted counterparts and the catalog is drawn from their positions.
        if ((long)o.Nights * o.AlertsPerNight < XmatchData.PlantedSources)
            throw new BenchUsageException($"--nights x --alerts-per-night must be at least {XmatchData.PlantedSources:N0} (the planted counterparts)");
        if (o.Sources < 1 || o.Sources > XmatchData.PlantedSources)
            throw new BenchUsageException($"--sources must be 1 to {XmatchData.PlantedSources:N0} (the planted positions)");
        return o;
    }
}
