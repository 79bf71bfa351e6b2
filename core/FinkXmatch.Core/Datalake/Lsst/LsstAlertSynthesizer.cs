using FinkXmatch.Core.Results;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Datalake.Lsst;

/// <summary>
/// Synthetic Rubin alerts as Fink stores them, for any LSST schema version: every column of the schema gets a value
/// by its name and type, the ones a crossmatch or a reader looks at plausibly so (positions over Rubin's sky,
/// <c>midpointMjdTai</c> in the night, ids, bands, a history of 0..MaxHistory <c>prvDiaSources</c> and up to twice as
/// many <c>prvDiaForcedSources</c> near the alert, <c>lc_features</c> per observed band, cutouts as FITS files of
/// CutoutBytes or none when 0). Rows are built as values (records as object?[], lists, maps) and striped by
/// <see cref="RowShredder"/>: simple rather than fast, unlike the ZTF synthesizer.
/// </summary>
internal sealed class LsstAlertSynthesizer(DatalakeGeneratorOptions options) : IAlertSynthesizer
{
    private static readonly string[] Bands = ["u", "g", "r", "i", "z", "y"];

    private readonly List<Alert> _alerts = [];
    private readonly string _schemaVersion = LsstAlertSchema.ColumnValue(options.LsstSchemaVersion);
    private SplitMix64 _random;
    private DateOnly _night;

    public void Prepare(DateOnly night, long firstAlert, int count, SplitMix64 random)
    {
        _night = night;
        _random = random;
        _alerts.Clear();
        var nightMjd = night.DayNumber - 678575;   // MJD of 00:00 UTC of the night's date
        for (var i = 0; i < count; i++)
        {
            var (ra, dec) = LsstSkySampler.Next(ref _random);
            var sourceId = 170_000_000_000_000_000L + night.DayNumber * 1_000_000_000L + firstAlert + i;
            var solarSystem = _random.NextDouble() < 0.03;   // asteroids: no diaObject, no history, an ssSource
            var history = solarSystem ? -1 : _random.Next(options.MaxHistory + 1);
            _alerts.Add(new Alert(ra, dec, nightMjd + _random.Next(0.0, 0.4), sourceId,
                solarSystem ? 0 : 313_000_000_000_000_000L + (long)(_random.NextUInt64() % 1_000_000_000_000_000UL),
                _random.Next(Bands.Length), history, history < 0 ? -1 : _random.Next(2 * options.MaxHistory + 1)));
        }
    }

    public void Place(int row, double ra, double dec) => _alerts[row] = _alerts[row] with { Ra = ra, Dec = dec };

    public (string ObjectId, long AlertId) Identity(int row) =>
        (_alerts[row].ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), _alerts[row].SourceId);

    public Task WriteRowGroupAsync(ParquetWriter writer, ParquetSchema schema, CancellationToken cancellationToken) =>
        RowShredder.WriteRowGroupAsync(writer, schema, _alerts.Select(a => Row(schema.Fields, a)), cancellationToken);

    private object?[] Row(IReadOnlyList<Field> fields, Alert alert) =>
        fields.Select(f => Column(f, alert)).ToArray();

    private object? Column(Field field, Alert a) => field.Name switch
    {
        "diaSource" => Record(field, new Source(a, -1)),
        "prvDiaSources" => a.History < 0 ? null : Entries(field, a.History, k => new Source(a, k)),
        "prvDiaForcedSources" => a.Forced < 0 ? null : Entries(field, a.Forced, k => new Source(a, k)),
        "diaObject" => a.ObjectId == 0 ? null : Record(field, new Source(a, -1)),
        "ssSource" or "mpc_orbits" or "MPCORB" => a.ObjectId == 0 ? Record(field, new Source(a, -1)) : null,
        "cutoutDifference" or "cutoutScience" or "cutoutTemplate" => options.CutoutBytes == 0 ? null : Cutout(),
        "lc_features" => a.History < 0 ? null : Features(field, a),
        _ => field is StructField ? Record(field, new Source(a, -1)) : Leaf((DataField)field, new Source(a, -1)),
    };

    private List<object?> Entries(Field list, int count, Func<int, Source> entry)
    {
        var item = ((ListField)list).Item;
        return Enumerable.Range(0, count).Select(k => Record(item, entry(k))).ToList<object?>();
    }

    // A struct with a value for each member (nested structs and lists of a history entry have the same alert).
    private object?[] Record(Field field, Source at) =>
        ((StructField)field).Fields.Select(f => f switch
        {
            DataField leaf => Leaf(leaf, at),
            StructField => Record(f, at),
            _ => null,
        }).ToArray();

    // Band -> features for each band the alert's history covers (at least its own).
    private List<KeyValuePair<string, object?>> Features(Field field, Alert a)
    {
        var bands = Bands.Where((_, b) => b == a.Band || _random.NextDouble() < 0.4);
        return bands.Select(b => new KeyValuePair<string, object?>(b, Record(((MapField)field).Value, new Source(a, -1)))).ToList();
    }

    private object? Leaf(DataField leaf, Source at)
    {
        var a = at.Alert;
        var past = at.Index >= 0;
        var mjd = past ? a.Mjd - (at.Index + 1) * 1.7 - _random.NextDouble() : a.Mjd;
        object? value = leaf.Name switch
        {
            "diaSourceId" => past ? a.SourceId - (at.Index + 1) * 7_919 : a.SourceId,
            "diaForcedSourceId" => a.SourceId + 500_000_000_000_000L + at.Index,
            "diaObjectId" => a.ObjectId,
            "ssObjectId" => a.ObjectId == 0 ? 21_000_000_000_000_000L + a.SourceId % 1_000_000_000_000L : 0L,
            "parentDiaSourceId" => 0L,
            "visit" => (long)(_night.Year * 10000 + _night.Month * 100 + _night.Day) * 100_000 + _random.Next(400),
            "detector" => _random.Next(189),
            "ra" => a.Ra + (past ? (_random.NextDouble() - 0.5) * 4e-5 : 0),
            "dec" => a.Dec + (past ? (_random.NextDouble() - 0.5) * 4e-5 : 0),
            "midpointMjdTai" or "validityStartMjdTai" or "firstDiaSourceMjdTaiFink" => mjd,
            "timeProcessedMjdTai" or "brokerIngestMjd" => a.Mjd + 0.002,
            "timeWithdrawnMjdTai" => null,
            "band" => Bands[past ? _random.Next(Bands.Length) : a.Band],
            "lsst_schema_version" => _schemaVersion,
            "fink_broker_version" => "4.1",
            "fink_science_version" => "8.35.1",
            "publisher" => "Fink",
            "observation_reason" => "wfd",
            "target_name" => "lowdust",
            "brokerStartProcessTimestamp" => Timestamp(a.Mjd + 0.003),
            "brokerEndProcessTimestamp" => Timestamp(a.Mjd + 0.004),
            "reliability" or "extendedness" => (float)_random.NextDouble(),
            "snr" => 5 + (float)_random.NextDouble() * 95,
            "raErr" or "decErr" => 1e-5f + (float)_random.NextDouble() * 4e-5f,
            _ => null,
        };
        // A source not withdrawn has no withdrawal time; every other member has a value.
        return value ?? (leaf.Name == "timeWithdrawnMjdTai" && leaf.IsNullable ? null : Generic(leaf));
    }

    // Any other member: fluxes and scores as numbers around a plausible scale, flags false, texts empty.
    private object? Generic(DataField leaf)
    {
        var t = leaf.ClrType;
        if (t == typeof(bool)) return false;
        if (t == typeof(int)) return _random.Next(100);
        if (t == typeof(long)) return (long)_random.Next(1_000_000);
        if (t == typeof(float)) return (float)(_random.NextGaussian() * 1000);
        if (t == typeof(double)) return _random.NextGaussian() * 1000;
        if (t == typeof(DateTime)) return Timestamp(60000);
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>)) return Array.Empty<byte>();
        return leaf.IsNullable ? null : "";
    }

    private static DateTime Timestamp(double mjd) => DateTime.UnixEpoch.AddDays(mjd - 40587);

    /// <summary>A cutout as Rubin sends it: a bare FITS file (a header block, then pixel bytes) of CutoutBytes.</summary>
    private byte[] Cutout()
    {
        var bytes = new byte[Math.Max(options.CutoutBytes, 80)];
        _random.NextBytes(bytes);
        "SIMPLE  =                    T"u8.CopyTo(bytes);
        return bytes;
    }

    /// <param name="Band">Index in <see cref="Bands"/> of the alert's own band.</param>
    /// <param name="History"><c>prvDiaSources</c> entries, -1 for a null list.</param>
    /// <param name="Forced"><c>prvDiaForcedSources</c> entries, -1 for a null list.</param>
    private readonly record struct Alert(double Ra, double Dec, double Mjd, long SourceId, long ObjectId, int Band, int History, int Forced);

    /// <summary>The alert a value is for, and which history entry (-1: the alert itself).</summary>
    private readonly record struct Source(Alert Alert, int Index);
}
