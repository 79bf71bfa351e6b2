using System.Diagnostics;
using System.Globalization;
using Parquet;
using Parquet.Schema;

using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Lsst;
using FinkXmatch.Core.Synthetic.Lsst;

namespace FinkXmatch.Core.Synthetic;

/// <summary>
/// Writes a synthetic Fink datalake with the real alert schema of its survey (ZTF's <see cref="FinkAlertSchema"/>, or
/// Rubin's <see cref="LsstAlertSchema"/> of the chosen version with Fink's columns): one directory per night, files
/// of <see cref="DatalakeGeneratorOptions.AlertsPerFile"/> alerts, Snappy-compressed row groups, positions over the
/// survey's sky. <see cref="Plant"/> places known counterparts so tests know the expected matches.
/// </summary>
public sealed class DatalakeGenerator
{
    private readonly DatalakeGeneratorOptions _options;
    private readonly List<(int Source, double Ra, double Dec, double MaxOffsetArcsec)> _toPlant = [];

    /// <summary>Creates a generator; nothing is written until <see cref="GenerateAsync"/>.</summary>
    public DatalakeGenerator(DatalakeGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// Asks for counterparts: each position gets, with probability <paramref name="fraction"/>, one alert within
    /// <paramref name="maxOffsetArcsec"/> of it (uniform over the disc), on a random night. Deterministic for the seed.
    /// Returns how many positions were chosen.
    /// </summary>
    public int Plant(IReadOnlyList<(double ra, double dec)> positions, double fraction, double maxOffsetArcsec)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOffsetArcsec);
        var random = SplitMix64.For(_options.Seed, 0x504c414e54, _toPlant.Count);   // "PLANT"
        var chosen = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            if (random.NextDouble() >= fraction) continue;
            _toPlant.Add((i, positions[i].ra, positions[i].dec, maxOffsetArcsec));
            chosen++;
        }
        if (_toPlant.Count > (long)_options.Nights * _options.AlertsPerNight)
            throw new ArgumentException($"{_toPlant.Count} planted alerts do not fit in {_options.Nights} x {_options.AlertsPerNight} alerts");
        return chosen;
    }

    /// <summary>Writes every night; existing files of those nights are overwritten.</summary>
    public async Task<DatalakeGenerationResult> GenerateAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var lsst = _options.Survey == Survey.Lsst;
        var schema = lsst ? LsstAlertSchema.BuildParquetSchema(_options.LsstSchemaVersion) : FinkAlertSchema.BuildParquetSchema();
        var metadata = new Dictionary<string, string>
        {
            [FinkAlertSchema.SparkMetadataKey] = lsst ? LsstAlertSchema.SparkJson(_options.LsstSchemaVersion) : FinkAlertSchema.SparkJson,
            ["org.apache.spark.version"] = lsst ? "3.4.3" : "2.4.7",
        };
        var plan = PlanPlacements();
        var planted = new List<PlantedAlert>();
        IAlertSynthesizer synthesizer = lsst ? new LsstAlertSynthesizer(_options) : new AlertRowGroupSynthesizer(_options);
        int files = 0;
        long bytes = 0, alerts = 0;
        for (var n = 0; n < _options.Nights; n++)
        {
            var night = _options.FirstNight.AddDays(n);
            var directory = Path.Combine(_options.Root, $"year={night.Year:D4}", $"month={night.Month:D2}", $"day={night.Day:D2}");
            Directory.CreateDirectory(directory);
            for (long first = 0, part = 0; first < _options.AlertsPerNight; first += _options.AlertsPerFile, part++)
            {
                var count = (int)Math.Min(_options.AlertsPerFile, _options.AlertsPerNight - first);
                var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"part-{part:D5}.snappy.parquet"));
                bytes += await WriteFileAsync(path, schema, metadata, synthesizer, night, n, first, count, plan, planted, cancellationToken)
                    .ConfigureAwait(false);
                files++;
                alerts += count;
            }
        }
        planted.Sort((a, b) => a.SourceIndex.CompareTo(b.SourceIndex));
        return new DatalakeGenerationResult(Path.GetFullPath(_options.Root), _options.Nights, files, alerts, bytes, clock.Elapsed, planted);
    }

    private async Task<long> WriteFileAsync(string path, ParquetSchema schema, Dictionary<string, string> metadata,
        IAlertSynthesizer synthesizer, DateOnly night,
        int nightIndex, long firstAlert, int count, Dictionary<(int Night, long Alert), Placement> plan,
        List<PlantedAlert> planted, CancellationToken cancellationToken)
    {
        await using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: false))
        {
            var parquetOptions = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, parquetOptions, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            writer.CustomMetadata = metadata;
            var groupIndex = 0;
            for (var offset = 0; offset < count; offset += _options.EffectiveRowGroupSize, groupIndex++)
            {
                var rows = Math.Min(_options.EffectiveRowGroupSize, count - offset);
                var first = firstAlert + offset;
                synthesizer.Prepare(night, first, rows, SplitMix64.For(_options.Seed, night.DayNumber, first));
                for (var r = 0; r < rows; r++)
                {
                    if (!plan.TryGetValue((nightIndex, first + r), out var target)) continue;
                    synthesizer.Place(r, target.Ra, target.Dec);
                    var (objectId, alertId) = synthesizer.Identity(r);
                    planted.Add(new PlantedAlert(target.Source, night, path, groupIndex, r, objectId, alertId, target.Ra, target.Dec,
                        ZtfSkySampler.SeparationArcsec(target.SourceRa, target.SourceDec, target.Ra, target.Dec)));
                }
                await synthesizer.WriteRowGroupAsync(writer, schema, cancellationToken).ConfigureAwait(false);
            }
        }
        return new FileInfo(path).Length;
    }

    /// <summary>Chooses a distinct (night, alert) slot and an offset position for every planted counterpart.</summary>
    private Dictionary<(int Night, long Alert), Placement> PlanPlacements()
    {
        var plan = new Dictionary<(int, long), Placement>();
        var random = SplitMix64.For(_options.Seed, 0x534c4f54);   // "SLOT"
        foreach (var (source, ra, dec, maxOffset) in _toPlant)
        {
            (int, long) slot;
            do slot = (random.Next(_options.Nights), (long)(random.NextDouble() * _options.AlertsPerNight));
            while (plan.ContainsKey(slot));
            var distanceDeg = maxOffset * Math.Sqrt(random.NextDouble()) / 3600;   // uniform over the disc
            var (pra, pdec) = ZtfSkySampler.Offset(ra, dec, distanceDeg, random.Next(0.0, 2 * Math.PI));
            plan[slot] = new Placement(source, pra, pdec, ra, dec);
        }
        return plan;
    }

    private readonly record struct Placement(int Source, double Ra, double Dec, double SourceRa, double SourceDec);
}
