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
public static class DatalakeGenerateCommand
{
    public static async Task<int> RunAsync(CliArguments args, CancellationToken cancel)
    {
        var root = args.Required("out", "the directory to write the datalake into");
        var nights = (int)(args.OptionalLong("nights", 1, 36_500) ?? throw new UsageException("missing --nights N"));
        var perNight = (int)(args.OptionalLong("alerts-per-night", 1, 100_000_000) ?? throw new UsageException("missing --alerts-per-night N"));
        var seed = (int)(args.OptionalLong("seed", 0, int.MaxValue) ?? 42);
        var firstNight = args.OptionalNight("first-night") ?? new DateOnly(2025, 7, 1);
        var cutoutBytes = (int)(args.OptionalLong("cutout-bytes", 0, 10_000_000) ?? 13_000);
        var plant = args.Optional("plant");
        var fraction = args.OptionalDouble("fraction") ?? 1.0;
        var maxOffset = args.OptionalDouble("max-offset-arcsec") ?? 1.0;
        var surveyName = args.Optional("survey") ?? "ztf";
        var schemaVersion = args.Optional("schema-version");
        args.EnsureAllUsed("datalake generate");
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
