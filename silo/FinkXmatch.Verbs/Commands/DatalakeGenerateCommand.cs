using System.CommandLine;
using System.Globalization;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Datalake.Lsst;
using FinkXmatch.Core.Sky;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch datalake generate`: a Fink-schema datalake of synthetic alerts over the ZTF sky, or with `--survey lsst`
/// Rubin alerts (schema `--schema-version 9.0|10.0`, Fink's columns added) over the southern sky, optionally with known
/// counterparts of a catalog planted in it (`--plant CATALOG --fraction F`), whose list is written beside it.
/// </summary>
public sealed class DatalakeGenerateCommand : Command
{
    private readonly Option<string> _out = CliOptions.Text("out", "DIR", "the directory to write the datalake into", required: true);
    private readonly Option<long?> _nights = CliOptions.WholeNumber("nights", "N", "how many nights", 1, 36_500, required: true);
    private readonly Option<long?> _perNight = CliOptions.WholeNumber("alerts-per-night", "N", "alerts in each night", 1, 100_000_000, required: true);
    private readonly Option<long?> _seed = CliOptions.WholeNumber("seed", "S", "the random seed (default 42): the same seed, the same alerts", 0, int.MaxValue);
    private readonly Option<DateOnly?> _firstNight = CliOptions.Night("first-night", "the first night (default 2025-07-01)");
    private readonly Option<long?> _cutoutBytes = CliOptions.WholeNumber("cutout-bytes", "B", "bytes of each cutout image (default 13000)", 0, 10_000_000);
    private readonly Option<string> _plant = CliOptions.Text("plant", "CATALOG", "plant counterparts of this catalog's sources, listed in DIR/planted.csv");
    private readonly Option<double?> _fraction = CliOptions.Number("fraction", "F", "with --plant: the fraction of sources planted, 0 to 1 (default 1)");
    private readonly Option<double?> _maxOffset = CliOptions.Number("max-offset-arcsec", "X", "with --plant: the largest offset of a counterpart, 0 to 3600 (default 1)");
    private readonly Option<string> _survey = CliOptions.Text("survey", "ztf|lsst", "ZTF alerts over the northern sky (default), or Rubin (LSST) alerts over the southern sky");
    private readonly Option<string> _schemaVersion = CliOptions.Text("schema-version", string.Join('|', LsstAlertSchema.Versions),
        $"with --survey lsst: the LSST alert schema (default {LsstAlertSchema.Latest})");

    public DatalakeGenerateCommand() : base("generate", "write a Fink-schema datalake of synthetic alerts, optionally with known counterparts of a catalog planted in it")
    {
        CliOptions.AddTo(this, _out, _nights, _perNight, _seed, _firstNight, _cutoutBytes, _plant, _fraction, _maxOffset, _survey, _schemaVersion);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult args, CancellationToken cancel)
    {
        var root = args.GetRequiredValue(_out);
        var nights = (int)args.GetRequiredValue(_nights)!;
        var perNight = (int)args.GetRequiredValue(_perNight)!;
        var seed = (int)(args.GetValue(_seed) ?? 42);
        var firstNight = args.GetValue(_firstNight) ?? new DateOnly(2025, 7, 1);
        var cutoutBytes = (int)(args.GetValue(_cutoutBytes) ?? 13_000);
        var plant = args.GetValue(_plant);
        var fraction = args.GetValue(_fraction) ?? 1.0;
        var maxOffset = args.GetValue(_maxOffset) ?? 1.0;
        var surveyName = args.GetValue(_survey) ?? "ztf";
        var schemaVersion = args.GetValue(_schemaVersion);
        if (!Survey.TryParse(surveyName, out var survey))
            throw new UsageException($"unknown survey '{surveyName}': use one of {string.Join(", ", Survey.All.Select(s => s.Name))}");
        if (schemaVersion is not null && survey != Survey.Lsst)
            throw new UsageException("--schema-version chooses the LSST alert schema: give it with --survey lsst");
        schemaVersion ??= LsstAlertSchema.Latest;
        if (!LsstAlertSchema.Versions.Contains(schemaVersion))
            throw new UsageException($"unknown LSST schema version '{schemaVersion}': use one of {string.Join(", ", LsstAlertSchema.Versions)}");
        if (fraction is < 0 or > 1) throw new UsageException($"--fraction must be from 0 to 1, got {fraction.ToString(CultureInfo.InvariantCulture)}");
        if (maxOffset is < 0 or > 3600) throw new UsageException("--max-offset-arcsec must be from 0 to 3600");

        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(root, firstNight, nights, perNight, seed, cutoutBytes,
            SurveyChoice: survey, LsstSchemaVersion: schemaVersion));
        if (plant is not null)
        {
            if (!File.Exists(plant)) throw new UsageException($"catalog file not found: {plant}");
            var catalog = XmatchCommand.LoadCatalog(plant, null, null, null, CoordinateFormat.Auto);
            var positions = Enumerable.Range(0, catalog.Count).Select(i => (catalog.RaDeg[i], catalog.DecDeg[i])).ToArray();
            generator.Plant(positions, fraction, maxOffset);
        }
        var what = survey == Survey.Lsst ? $"LSST v{schemaVersion} alerts" : "alerts";
        Console.Error.WriteLine($"generating {nights} nights x {perNight:N0} {what} from {firstNight:yyyy-MM-dd} into {root} ...");
        var result = await generator.GenerateAsync(cancel);
        if (result.Planted.Count > 0)
        {
            var list = Path.Combine(root, "planted.csv");
            await File.WriteAllLinesAsync(list, result.Planted.Select(p => string.Create(CultureInfo.InvariantCulture,
                    $"{p.SourceIndex},{p.Night:yyyy-MM-dd},{p.ObjectId},{p.Candid},{p.Ra:R},{p.Dec:R},{p.SeparationArcsec:R}"))
                .Prepend("source_index,night,objectId,candid,ra,dec,separation_arcsec"), cancel);
            Console.Error.WriteLine($"{result.Planted.Count:N0} planted counterparts listed in {list}");
        }
        Console.Error.WriteLine($"{result.Alerts:N0} alerts in {result.Files} files ({result.Bytes / 1048576.0:F0} MiB) " +
            $"in {result.Elapsed.TotalSeconds:F1} s");
        return CliApp.Ok;
    }
}
