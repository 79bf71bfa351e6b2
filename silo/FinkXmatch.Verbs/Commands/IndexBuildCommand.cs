using System.CommandLine;
using System.Diagnostics;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch index build`: builds ahead of time the sky index of every night of a datalake that has none for its
/// current files (under `--index-dir`, by default the data directory's `index/`, as the service keeps it), with its
/// occupancy and each file's scan plan (what the service's planner of nights ahead makes too), with a progress bar,
/// and reports what it cost on disk (bytes per alert). Then removes what the datalake no longer needs from the index directory
/// (<see cref="IndexDirectorySweep"/>).
/// </summary>
public sealed class IndexBuildCommand : Command
{
    private readonly Option<string> _datalake = SharedFlags.Datalake();
    private readonly Option<Survey?> _survey = CliOptions.Survey();
    private readonly SharedFlags.IndexDirectory _index = new();

    public IndexBuildCommand() : base("build", "build the sky index of every night of a datalake that has none for its current files, " +
        "and report its cost on disk")
    {
        CliOptions.AddTo(this, _datalake, _survey);
        _index.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult args, CancellationToken cancel)
    {
        var root = args.GetRequiredValue(_datalake);
        var survey = args.GetValue(_survey);
        var store = new SkyIndexStore(_index.Resolve(args));

        var layout = DatalakeLayout.Open(root);
        if (layout.Shards.Count == 0) throw new UsageException($"the datalake at '{layout.Root}' holds no night (expected year=YYYY/month=MM/day=DD/*.parquet)");
        survey ??= SurveyDatalakes.Detect(layout.Root)
            ?? throw new UsageException($"the first file of '{layout.Root}' holds no alert position ({Survey.PositionColumns}): give --survey");
        Console.Error.WriteLine($"indexing {layout.Shards.Count} nights of {survey.Name.ToUpperInvariant()} alerts ({layout.Shards[0].Name} .. {layout.Shards[^1].Name}) into {Path.Combine(store.Directory, survey.Name)}");

        var progress = ProgressReporter.ForConsole("nights");
        var clock = Stopwatch.StartNew();
        long alerts = 0, indexed = 0, bytes = 0, builtAlerts = 0;
        var done = 0;
        var plans = 0;
        NightIndexBuilder? building = null;
        using var ticker = new Timer(_ => Report(false), null, 200, 200);
        foreach (var night in layout.Shards)
        {
            var made = await store.PrepareAsync(survey, night, cancel, onBuild: b => building = b);
            var index = made.Index;
            plans += made.PlansWritten;
            if (building is not null) builtAlerts += index.Header.Alerts;
            building = null;
            alerts += index.Header.Alerts;
            indexed += index.Header.Indexed;
            bytes += index.FileBytes;
            done++;
        }
        await ticker.DisposeAsync();
        Report(true);
        var swept = IndexDirectorySweep.Run(store, [(survey, layout.Shards)], everyDatalakeListed: true, cancel);
        if (swept.Files > 0)
            Console.Error.WriteLine($"removed {swept.Files:N0} file{(swept.Files == 1 ? "" : "s")} ({swept.Bytes:N0} bytes): nights no longer in the datalake, scan plans of files gone, pieces of interrupted writes");
        var seconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"{done} nights indexed ({store.NightsBuilt} built, {done - store.NightsBuilt} already up to date): " +
            $"{indexed:N0} of {alerts:N0} alerts have a position; {bytes:N0} bytes on disk, {(indexed == 0 ? 0 : (double)bytes / indexed):F1} bytes per alert; " +
            $"built {builtAlerts:N0} alerts in {seconds:F1} s ({builtAlerts / Math.Max(seconds, 1e-9):N0} alerts/s); {plans:N0} scan plans written");
        return CliApp.Ok;

        void Report(bool final)
        {
            var reading = building?.AlertsRead ?? 0;
            progress.Report(done, layout.Shards.Count, $"{alerts + reading:N0} alerts", final);
        }
    }
}
