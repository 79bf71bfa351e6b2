using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Bench;

/// <summary>One configuration measured on both engines: whole processes, alternating.</summary>
internal sealed record PeerRun(Survey Survey, int Sources, double RadiusArcsec, int Nights, long Alerts, long Matches,
    ProcessRun[] Ours, ProcessRun[] Theirs, string Check)
{
    public double OurMedian => PeersBenchmark.Median(Ours.Select(r => r.Seconds));

    public double TheirMedian => PeersBenchmark.Median(Theirs.Select(r => r.Seconds));
}

/// <summary>
/// <c>bench/run.sh peers</c>: the <c>finkxmatch xmatch</c> command against DuckDB (<c>duckdb-xmatch</c>, the Zones
/// algorithm in SQL) on the same datalake files and catalog file, each a whole process (start-up, catalog read, index
/// build, scan, writing), run alternately (ours, theirs, ours, theirs...) and reported as medians; the first pair's
/// answers are compared with each other and each with <see cref="ReferenceMatcher"/> (first night, planted
/// counterparts). Also the start-up costs: the CLI on an empty night range, and the service's time to /health 200.
/// </summary>
internal static class PeersBenchmark
{
    public static async Task<string> RunAsync(string cacheDir, PeersOptions o)
    {
        var loadBefore = PeersReport.LoadAverage();
        var cli = Program("FINKXMATCH_CLI");
        var service = Program("FINKXMATCH_SERVICE");
        var peer = Program("FINKXMATCH_DUCKDB_PEER");
        var datalakes = new BenchDatalake[o.Surveys.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Surveys.Length), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, _) =>
            {
                var (name, options) = o.Datalake(o.Surveys[i]);
                datalakes[i] = await XmatchData.DatalakeAsync(cacheDir, name, options);
            });
        var output = Directory.CreateDirectory(Path.Combine(cacheDir, "peers-out")).FullName;
        var runs = new List<PeerRun>();
        var catalogs = new Dictionary<int, string>();
        foreach (var size in o.CatalogSizes)
            catalogs[size] = await PeerFiles.CatalogAsync(cacheDir, XmatchData.Catalog(size));

        var startup = StartupBenchmark.Run(cli, service, peer, datalakes[0], catalogs[o.CatalogSizes.Min()], output, o);
        foreach (var datalake in datalakes)
        {
            // One unmeasured pair first, so that both engines find the datalake's files in the page cache.
            var warm = new PeerJob(cli, peer, datalake, catalogs[o.CatalogSizes.Min()], o.Radii[0], datalake.Nights, output, o.Threads);
            warm.RunOurs();
            warm.RunTheirs();
            foreach (var size in o.CatalogSizes)
            {
                var catalog = XmatchData.Catalog(size);
                var reference = new ReferenceMatcher(catalog);
                foreach (var radius in o.Radii)
                {
                    if (o.Skips(size, radius)) continue;
                    foreach (var nights in new[] { 1, datalake.Nights })
                    {
                        var run = await MeasureAsync(new PeerJob(cli, peer, datalake, catalogs[size], radius, nights, output, o.Threads), catalog, reference, o.Repeats);
                        runs.Add(run);
                        Console.Error.WriteLine(PeersReport.Line(run));
                    }
                }
                Measure.Collect();
            }
        }
        return PeersReport.Markdown(Path.GetFileName(cli), runs, startup, datalakes, o, loadBefore, PeersReport.LoadAverage());
    }

    private static async Task<PeerRun> MeasureAsync(PeerJob job, SourceCatalog catalog, ReferenceMatcher reference, int repeats)
    {
        var ours = new List<ProcessRun>();
        var theirs = new List<ProcessRun>();
        var check = "";
        var matches = 0L;
        for (var i = 0; i < repeats; i++)
        {
            ours.Add(job.RunOurs());
            theirs.Add(job.RunTheirs());
            if (i > 0) continue;
            // The first pair's answers are checked: against each other, and each against the reference.
            var mine = await PeerFiles.ReadResultsAsync(job.OurOutput);
            var peer = await PeerFiles.ReadResultsAsync(job.TheirOutput);
            matches = mine.Count;
            var plan = await XmatchPlan.CreateAsync(job.Datalake.Root, new XmatchOptions(job.RadiusArcsec, StartNight: job.FirstNight, StopNight: job.LastNight), catalog.IdColumn);
            var verdicts = new List<string> { PeerAgreement.Compare(mine, peer, job.RadiusArcsec) };
            var reviewed = new ResultCheck(job.Datalake, plan.Shards, catalog, reference, job.RadiusArcsec);
            await reviewed.PrepareAsync();
            foreach (var (engine, rows) in new[] { ("FinkXmatch", mine), ("DuckDB", peer) })
            {
                reviewed.Reset();
                reviewed.Add(rows.Select(m => new object?[] { null, m.AlertId, m.SeparationArcsec, m.SourceId }).ToList());
                verdicts.Add($"{engine} {reviewed.Verdict()}");
            }
            check = string.Join("; ", verdicts);
        }
        var alerts = job.Datalake.Alerts * job.Nights / job.Datalake.Nights;
        return new PeerRun(job.Datalake.Survey, catalog.Count, job.RadiusArcsec, job.Nights, alerts, matches, ours.ToArray(), theirs.ToArray(), check);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Program(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path && File.Exists(path)
        ? path
        : throw new InvalidOperationException($"{variable} must name the built program (bench/run.sh peers sets it)");
}

/// <summary>One crossmatch job as the two engines are given it: the same files, radius, nights and threads.</summary>
internal sealed record PeerJob(string Cli, string Peer, BenchDatalake Datalake, string Catalog, double RadiusArcsec, int Nights, string OutputDirectory, int Threads)
{
    public DateOnly FirstNight { get; } = new(2024, 1, 1);

    public DateOnly LastNight => FirstNight.AddDays(Nights - 1);

    public string OurOutput => Path.Combine(OutputDirectory, "finkxmatch.parquet");

    public string TheirOutput => Path.Combine(OutputDirectory, "duckdb.parquet");

    public ProcessRun RunOurs() => Run(Cli, ["xmatch", "--datalake", Datalake.Root, "--catalog", Catalog, "--ra-column", "ra", "--dec-column", "dec",
        "--id-column", "source_id", "--radius-arcsec", Number(RadiusArcsec), "--start-night", Night(FirstNight), "--stop-night", Night(LastNight),
        "--threads", Number(Threads), "--out", OurOutput], OurOutput);

    public ProcessRun RunTheirs() => Run(Peer, ["--datalake", Datalake.Root, "--catalog", Catalog, "--radius-arcsec", Number(RadiusArcsec),
        "--start-night", Night(FirstNight), "--stop-night", Night(LastNight), "--survey", Datalake.Survey.Name, "--threads", Number(Threads),
        "--out", TheirOutput], TheirOutput);

    private static ProcessRun Run(string program, string[] arguments, string output)
    {
        File.Delete(output);
        var run = WholeProcess.Run(program, arguments);
        if (run.ExitCode != 0 || !File.Exists(output))
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited {run.ExitCode}: {run.Stderr.Trim()}");
        return run;
    }

    internal static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Night(DateOnly night) => night.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
