using System.Globalization;
using System.CommandLine;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Storage;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch xmatch`: crossmatch a catalog file with a datalake on this machine and write the results as Parquet
/// (CONTRACT §5). Column names not given are taken from the catalog's guess, as the web page pre-fills them.
/// </summary>
public sealed class XmatchCommand : Command
{
    private readonly Option<string> _datalake = SharedFlags.Datalake();
    private readonly Option<string> _catalog = CliOptions.Text("catalog", "FILE", "the catalog file: CSV, TSV, Parquet, VOTable or FITS", required: true);
    private readonly Option<double?> _radius = CliOptions.Number("radius-arcsec", "R", "the match radius in arcseconds, 0 < R <= 3600", required: true);
    private readonly Option<string> _raColumn = CliOptions.Text("ra-column", "C", "the catalog's RA column (default: guessed)");
    private readonly Option<string> _decColumn = CliOptions.Text("dec-column", "C", "the catalog's Dec column (default: guessed)");
    private readonly Option<string> _idColumn = CliOptions.Text("id-column", "C", "the catalog's identifier column (default: guessed, else the row number)");
    private readonly Option<string> _coordinates = CliOptions.Text("coordinates", "auto|degrees|sexagesimal", "how the catalog writes positions (default auto)");
    private readonly Option<Survey?> _survey = CliOptions.Survey();
    private readonly Option<string> _years = CliOptions.Text("years", "YYYY[-YYYY]", "the nights of these consecutive years (default: every night)");
    private readonly Option<DateOnly?> _startNight = CliOptions.Night("start-night", "the first night, with --stop-night");
    private readonly Option<DateOnly?> _stopNight = CliOptions.Night("stop-night", "the last night (inclusive)");
    private readonly Option<string> _fields = CliOptions.Text("fields", "a,b", "alert fields to keep, dotted paths such as candidate.magpsf (default objectId, candid)");
    private readonly Option<string> _packet = CliOptions.Text("packet", "light|medium|full", "a Fink Data Transfer packet instead of --fields");
    private readonly Option<string> _match = CliOptions.Text("match", "nearest|all", "nearest (default): each alert once, with its nearest source; all: every pair within the radius");
    private readonly Option<string> _out = CliOptions.Text("out", "FILE", "the results' Parquet file (default results.parquet)");
    private readonly Option<long?> _threads = CliOptions.WholeNumber("threads", "N", "nights scanned at once (default: the number of cores)", 1, 1024);
    private readonly Option<string> _kafka = CliOptions.Text("kafka", "embedded|HOST:PORT", "also publish the results to a Kafka topic, as Fink's Data Transfer does");
    private readonly Option<string> _topic = CliOptions.Text("topic", "T", "the topic, with --kafka (default: a new fxmatch_<survey>_<night>_<n>); rerunning into it skips the nights committed");
    private readonly SharedFlags.IndexDirectory _index = new();

    public XmatchCommand() : base("xmatch", "crossmatch a catalog file with a datalake on this machine and write the matches as Parquet. " +
        "A small catalog reads nights through the sky index when --index-dir or --data-dir is given.")
    {
        CliOptions.AddTo(this, _datalake, _catalog, _radius, _raColumn, _decColumn, _idColumn, _coordinates, _survey, _years, _startNight,
            _stopNight, _fields, _packet, _match, _out, _threads, _kafka, _topic);
        _index.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult args, CancellationToken cancel)
    {
        JobHeap.StartWithoutCollections();
        var datalake = args.GetRequiredValue(_datalake);
        var catalogPath = args.GetRequiredValue(_catalog);
        var raColumn = args.GetValue(_raColumn);
        var decColumn = args.GetValue(_decColumn);
        var idColumn = args.GetValue(_idColumn);
        var coordinates = ParseCoordinates(args.GetValue(_coordinates));
        var radius = (double)args.GetRequiredValue(_radius)!;
        var (firstYear, lastYear) = ParseYears(args.GetValue(_years));
        var options = new XmatchOptions(
            radius,
            ParseMatch(args.GetValue(_match)),
            args.GetValue(_fields)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            args.GetValue(_packet),
            firstYear, lastYear,
            args.GetValue(_startNight), args.GetValue(_stopNight),
            args.GetValue(_survey));
        var output = args.GetValue(_out) ?? "results.parquet";
        var parallelism = (int)(args.GetValue(_threads) ?? Environment.ProcessorCount);
        var kafka = args.GetValue(_kafka);
        var topic = args.GetValue(_topic);
        // The sky index only where one is asked for: a plain run leaves no files beside its output.
        var skyIndex = _index.Given(args) ? new SkyIndexStore(_index.Resolve(args)) : null;
        XmatchPlan.CheckRadius(radius);
        if (topic is not null && kafka is null) throw new UsageException("--topic goes with --kafka");

        if (!File.Exists(catalogPath)) throw new UsageException($"catalog file not found: {catalogPath}");
        // The nights before the catalog: a range without a night is refused without reading a catalog of any size.
        var nights = XmatchPlan.SelectNights(datalake, options);
        StartupTrace.Mark("nights selected");
        // The alerts' schema is read while the catalog loads (on the other core): neither needs the other. A catalog
        // refused is still the first problem reported.
        var schema = Task.Run(() => XmatchPlan.ReadSchemaAsync(nights, cancel), cancel);
        // So is the reach of the nights' alerts, when a catalog of the size its file declares is to be pruned (CatalogPruning).
        AlertReachAhead? ahead = null;
        var catalog = LoadCatalog(catalogPath, raColumn, decColumn, idColumn, coordinates, out var textSeparator,
            declared => ahead = CatalogPruning.ReadAhead(nights.Shards, radius, parallelism, declared, cancel));
        StartupTrace.Mark("catalog loaded");
        // The index is started here, on the thread pool, before the plan: its first step (a small catalog's cell mask)
        // runs on one core, and this thread plans, opens the outputs and starts the progress ticker meanwhile. A
        // failure before it is awaited cancels it.
        // A big catalog is indexed only where the nights' alerts can reach it (CatalogPruning); the whole catalog's
        // index is built while the nights' positions are read (CatalogIndexUnderway).
        using var stopIndex = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var starting = Task.Run(() => CatalogIndexUnderway.StartAsync(catalog, nights.Shards, radius, parallelism, ahead, stopIndex.Token), stopIndex.Token);
        try
        {
            return await RunStartedAsync(nights, schema, catalog, textSeparator, starting, options, parallelism, skyIndex, (output, kafka, topic), cancel);
        }
        finally
        {
            // Nothing when the index was awaited; otherwise (a failure first) it is told to stop, not waited for (the
            // failure is reported at once), and its own failure is not reported.
            await stopIndex.CancelAsync();
            _ = starting.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    // The rest of the job, its index started (`starting`).
    private static async Task<int> RunStartedAsync(XmatchNights nights, Task<AlertSchema> schema, SourceCatalog catalog, CsvSeparator? textSeparator,
        Task<CatalogIndexUnderway> starting, XmatchOptions options, int parallelism, SkyIndexStore? skyIndex,
        (string Path, string? Kafka, string? Topic) output, CancellationToken cancel)
    {
        var (kafka, topic, radius) = (output.Kafka, output.Topic, options.RadiusArcsec);
        var plan = XmatchPlan.Create(nights, await schema, options, catalog.IdColumn);
        StartupTrace.Mark("planned");
        var separated = textSeparator is { } separator ? $" (values separated by {separator.Describe()})" : "";
        Console.Error.WriteLine($"{catalog.Count:N0} sources from {catalog.FileName}{separated}; {plan.Shards.Count} nights " +
            $"({plan.Shards[0].Name} .. {plan.Shards[^1].Name}) of {plan.Result.Survey.Name.ToUpperInvariant()} alerts; radius {radius.ToString(CultureInfo.InvariantCulture)} arcsec; " +
            $"columns {string.Join(", ", plan.Result.ColumnNames)}");
        // Nights written under older or newer schemas lack some fields: say so, since their rows hold null there.
        foreach (var note in plan.MissingFieldNotes) Console.Error.WriteLine(note);

        using var kafkaOutput = kafka is null ? null : await KafkaResultOutput.OpenAsync(kafka, topic, plan.Result.Survey, plan.Result.Schema, cancel);
        if (kafkaOutput is not null) Console.Error.WriteLine($"results also go to Kafka topic {kafkaOutput.Topic} at {kafkaOutput.BootstrapServers}");
        var counters = new XmatchCounters();
        var progress = ProgressReporter.ForConsole("nights");
        var tmp = output.Path + ".part";
        XmatchSummary summary;
        long written;
        CatalogIndex built;
        try
        {
            // The file and the ticker are made while the index is built (its last steps run on one core).
            // Without Kafka the file is the rows' only consumer: the writer hands each batch's arrays back once written.
            await using (var writer = new ResultParquetWriter(plan.Result.Schema, InPlaceFileStream.Create(tmp), recycleBatches: kafkaOutput is null))
            {
                // Ticking once the index is there, as the nights' progress starts.
                await using var ticker = new Timer(_ => Report(progress, counters, plan.Shards.Count, false), null, Timeout.Infinite, Timeout.Infinite);
                // Started by the command rather than by the runner, so that the start-up trace tells the index from the scan.
                var underway = await starting;
                if (underway.Built.IsCompletedSuccessfully && underway.Built.Result is var pruned && pruned.Pruned)
                {
                    StartupTrace.Mark($"index built (alerts located {pruned.Prune.TotalSeconds:F3} s, build {pruned.Build.TotalSeconds:F3} s)");
                    Console.Error.WriteLine(pruned.DescribePruning(catalog.Count));
                }
                else StartupTrace.Mark("index started");
                ticker.Change(200, 200);
                summary = await LocalXmatchRunner.RunAsync(plan, catalog, underway, (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)),
                    parallelism, counters, cancel, kafkaOutput is null ? null : kafkaOutput.ProduceAsync, skyIndex);
                await ticker.DisposeAsync();
                StartupTrace.Mark("matched");
                written = writer.RowsWritten;
                built = await underway.Built;
            }
        }
        catch
        {
            // A failed run (the index, a damaged datalake file, a cancel) leaves nothing: not its output, nor the part beside it.
            DeleteQuietly(tmp);
            throw;
        }
        if (!built.Pruned) StartupTrace.Mark($"index built in {built.Build.TotalSeconds:F3} s, {counters.NightsReadBeforeIndex} nights read meanwhile");
        // Written aside and renamed, so that an interrupted run never leaves a half file under the requested name.
        File.Move(tmp, output.Path, overwrite: true);
        StartupTrace.Mark("written");
        Report(progress, counters, plan.Shards.Count, true);
        Console.Error.WriteLine($"{written:N0} matches in {summary.Alerts:N0} alerts written to {output.Path} " +
            $"(index {(built.Prune + built.Build).TotalSeconds:F2} s, of which alerts located {built.Prune.TotalSeconds:F2} s, scan {summary.Scan.TotalSeconds:F2} s, " +
            $"{summary.Alerts / Math.Max(summary.Scan.TotalSeconds, 1e-9) / 1e6:F1} M alerts/s)");
        if (skyIndex is not null)
            foreach (var path in summary.Nights.GroupBy(n => n.Path).OrderBy(g => g.Key))
                Console.Error.WriteLine($"{path.Key.Describe()}: {path.Count()} night{(path.Count() == 1 ? "" : "s")} ({string.Join(", ", path.Select(n => n.Shard))})");
        if (kafkaOutput is not null)
        {
            Console.Error.WriteLine($"Kafka topic {kafkaOutput.Topic}: {plan.Shards.Count - kafkaOutput.SkippedShards} nights committed" +
                (kafkaOutput.SkippedShards > 0 ? $", {kafkaOutput.SkippedShards} already committed by an earlier run" : ""));
            Console.WriteLine(kafkaOutput.Topic);
            await kafkaOutput.ServeUntilStoppedAsync(cancel);
        }
        return CliApp.Ok;
    }

    internal static SourceCatalog LoadCatalog(string path, string? ra, string? dec, string? id, CoordinateFormat format) =>
        LoadCatalog(path, ra, dec, id, format, out _);

    /// <summary>
    /// The catalog with the given columns, or the guessed ones; <paramref name="separator"/> is how a text catalog
    /// separates its values (null for other formats). With the three columns given there is nothing to guess, and the
    /// file is read once, by the load alone: inspecting it would read it a first time, through other code.
    /// <paramref name="opened"/> is told the rows the file declares (<see cref="CatalogReaders.DeclaredRows"/>) before they load.
    /// </summary>
    internal static SourceCatalog LoadCatalog(string path, string? ra, string? dec, string? id, CoordinateFormat format, out CsvSeparator? separator,
        Action<long?>? opened = null)
    {
        if (ra is null || dec is null || id is null)
        {
            CatalogSummary summary;
            using (var reader = CatalogReaders.Open(path)) summary = CatalogInspector.Inspect(reader, previewRows: 10);
            StartupTrace.Mark("catalog inspected");
            var guess = summary.Guess;
            var choices = string.Join(", ", summary.Columns.Select(c => $"{c.Name} ({c.TypeName})"));
            ra ??= guess.RaColumn ?? throw new UsageException($"could not guess the RA column of {Path.GetFileName(path)}: give --ra-column (columns: {choices})");
            dec ??= guess.DecColumn ?? throw new UsageException($"could not guess the Dec column of {Path.GetFileName(path)}: give --dec-column (columns: {choices})");
            id ??= guess.IdColumn;
        }
        try
        {
            using var reader = CatalogReaders.Open(path);
            StartupTrace.Mark("catalog opened");
            opened?.Invoke(CatalogReaders.DeclaredRows(reader));
            separator = reader.TextSeparator;
            return CatalogLoader.Load(reader, new CatalogSelection(ra, dec, id, format));
        }
        catch (CatalogException e) when (e.Row is not null && (e.Column == ra || e.Column == dec) && e.Kind is CatalogErrorKind.UnparsableNumber
            or CatalogErrorKind.NotANumber or CatalogErrorKind.RaOutOfRange or CatalogErrorKind.DecOutOfRange)
        {
            // One bad coordinate is seldom alone: say how many rows share the problem, so that one fix is not followed by another run's refusal.
            using var survey = CatalogReaders.Open(path);
            var positions = CoordinateSurvey.Run(survey, ra, dec, format);
            var invalid = positions.Invalid;
            throw new CatalogException(e.Kind, e.FileName, $"{e.Detail} ({invalid.Summary(positions.RaDeg.Length + invalid.Rows)})", e.Row, e.Column, e);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The error that brought us here is the one to report.
        }
    }

    private static void Report(ProgressReporter progress, XmatchCounters c, int shards, bool final) =>
        progress.Report(c.ShardsDone, shards, $"{c.AlertsScanned:N0} alerts, {c.Matches:N0} matches", final);

    private static MatchMode ParseMatch(string? text) => text?.ToLowerInvariant() switch
    {
        null or "nearest" => MatchMode.Nearest,
        "all" => MatchMode.All,
        _ => throw new UsageException($"--match must be nearest or all, got '{text}'"),
    };

    private static CoordinateFormat ParseCoordinates(string? text) => text?.ToLowerInvariant() switch
    {
        null or "auto" => CoordinateFormat.Auto,
        "degrees" => CoordinateFormat.Degrees,
        "sexagesimal" => CoordinateFormat.Sexagesimal,
        _ => throw new UsageException($"--coordinates must be auto, degrees or sexagesimal, got '{text}'"),
    };

    // "2024" or "2024-2025".
    private static (int?, int?) ParseYears(string? text)
    {
        if (text is null) return (null, null);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new UsageException($"--years must be YYYY or YYYY-YYYY, got '{text}'");
        var first = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return (first, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : first);
    }
}
