using Parquet;
using Parquet.Schema;

using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Lsst;

namespace FinkXmatch.Core.Synthetic.Lsst;

/// <summary>
/// Synthetic Rubin alerts as Fink stores them, for any LSST schema version: every column of the schema gets a value
/// by its name and type, the ones a crossmatch or a reader looks at plausibly so (positions over Rubin's sky,
/// <c>midpointMjdTai</c> in the night, ids, bands, a history of 0..MaxHistory <c>prvDiaSources</c> and up to twice as
/// many <c>prvDiaForcedSources</c> near the alert, <c>lc_features</c> per observed band, cutouts as FITS files of
/// CutoutBytes or none when 0). Written column by column, as the ZTF synthesizer does: per leaf, its levels follow from
/// the shape of the alert (which structs are null, how many entries each list or map holds) and its values from a
/// typed function of (alert, entry) chosen once per leaf, so nothing is boxed and buffers are reused.
/// </summary>
internal sealed partial class LsstAlertSynthesizer(DatalakeGeneratorOptions options) : IAlertSynthesizer
{
    private static readonly string[] Bands = ["u", "g", "r", "i", "z", "y"];

    private readonly string _schemaVersion = LsstAlertSchema.ColumnValue(options.LsstSchemaVersion);
    // Per alert.
    private double[] _ra = [], _dec = [], _mjd = [];
    private long[] _sourceId = [], _objectId = [];
    private int[] _band = [], _history = [], _forced = [], _featureBands = [];
    // Per leaf slot: the alert and entry of each defined value, and the levels of every slot.
    private int[] _rows = [], _entries = [], _defs = [], _reps = [];
    private LeafPlan[] _plans = [];
    private ParquetSchema? _planned;
    private int _count;
    private SplitMix64 _random;
    private long _visits;   // the night's first visit number

    public void Prepare(DateOnly night, long firstAlert, int count, SplitMix64 random)
    {
        _visits = (long)(night.Year * 10000 + night.Month * 100 + night.Day) * 100_000;
        _random = random;
        _count = count;
        Grow(ref _ra, count); Grow(ref _dec, count); Grow(ref _mjd, count); Grow(ref _sourceId, count); Grow(ref _objectId, count);
        Grow(ref _band, count); Grow(ref _history, count); Grow(ref _forced, count); Grow(ref _featureBands, count);
        var nightMjd = night.DayNumber - 678575;   // MJD of 00:00 UTC of the night's date
        for (var i = 0; i < count; i++)
        {
            (_ra[i], _dec[i]) = LsstSkySampler.Next(ref _random);
            _sourceId[i] = 170_000_000_000_000_000L + night.DayNumber * 1_000_000_000L + firstAlert + i;
            var solarSystem = _random.NextDouble() < 0.03;   // asteroids: no diaObject, no history, an ssSource
            _history[i] = solarSystem ? -1 : _random.Next(options.MaxHistory + 1);
            _mjd[i] = nightMjd + _random.Next(0.0, 0.4);
            _objectId[i] = solarSystem ? 0 : 313_000_000_000_000_000L + (long)(_random.NextUInt64() % 1_000_000_000_000_000UL);
            _band[i] = _random.Next(Bands.Length);
            _forced[i] = solarSystem ? -1 : _random.Next(2 * options.MaxHistory + 1);
            // lc_features: the alert's own band and each other band its history covers.
            var bands = 0;
            for (var b = 0; b < Bands.Length; b++)
                if (b == _band[i] || _random.NextDouble() < 0.4) bands |= 1 << b;
            _featureBands[i] = solarSystem ? -1 : bands;
        }
    }

    public void Place(int row, double ra, double dec)
    {
        _ra[row] = ra;
        _dec[row] = dec;
    }

    public (string ObjectId, long AlertId) Identity(int row) =>
        (_objectId[row].ToString(System.Globalization.CultureInfo.InvariantCulture), _sourceId[row]);

    public async Task WriteRowGroupAsync(ParquetWriter writer, ParquetSchema schema, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(schema, _planned))
        {
            _plans = schema.Fields.SelectMany(top => Leaves(top).Select(leaf => Plan(top, leaf))).ToArray();
            _planned = schema;
        }
        using var group = writer.CreateRowGroup();
        foreach (var plan in _plans) await WriteLeafAsync(group, plan, cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    private static IEnumerable<DataField> Leaves(Field field) => field switch
    {
        DataField leaf => [leaf],
        StructField s => s.Fields.SelectMany(Leaves),
        ListField l => Leaves(l.Item),
        MapField m => Leaves(m.Key).Concat(Leaves(m.Value)),
        _ => throw new NotSupportedException($"column '{field.Path}' of kind {field.SchemaType}"),
    };

    /// <summary>Entries of the alert's value of a top-level column: -1 when null, 1 for a struct or a value.</summary>
    private int Entries(Column column, int row) => column switch
    {
        Column.Present => 1,
        Column.History => _history[row],
        Column.Forced => _forced[row],
        Column.NotSolarSystem => _objectId[row] == 0 ? -1 : 1,
        Column.SolarSystem => _objectId[row] == 0 ? 1 : -1,
        Column.Features => _featureBands[row] < 0 ? -1 : System.Numerics.BitOperations.PopCount((uint)_featureBands[row]),
        _ => -1,
    };

    // The entry index of a list entry, or for lc_features the index in Bands of the e-th band the alert has.
    private int EntryIndex(Column column, int row, int e)
    {
        if (column != Column.Features) return column is Column.History or Column.Forced ? e : -1;
        var bands = _featureBands[row];
        for (; e > 0; e--) bands &= bands - 1;
        return System.Numerics.BitOperations.TrailingZeroCount(bands);
    }

    private Task WriteLeafAsync(ParquetRowGroupWriter group, LeafPlan plan, CancellationToken cancellationToken)
    {
        var leaf = plan.Field;
        var slots = 0;
        var dense = 0;
        for (var row = 0; row < _count; row++)
        {
            var entries = Entries(plan.Column, row);
            if (entries <= 0)
            {
                // A null column, or (0) an empty list or map: one slot defined up to the column itself.
                Slot(ref slots, entries < 0 ? 0 : plan.EntryLevel - 1, 0);
                continue;
            }
            for (var e = 0; e < entries; e++)
            {
                Slot(ref slots, plan.Values is null ? leaf.MaxDefinitionLevel - 1 : leaf.MaxDefinitionLevel, e == 0 ? 0 : leaf.MaxRepetitionLevel);
                if (plan.Values is null) continue;
                Grow(ref _rows, dense + 1); Grow(ref _entries, dense + 1);
                _rows[dense] = row;
                _entries[dense] = EntryIndex(plan.Column, row, e);
                dense++;
            }
        }
        var defs = leaf.MaxDefinitionLevel > 0 ? _defs.AsMemory(0, slots) : (ReadOnlyMemory<int>?)null;
        var reps = leaf.MaxRepetitionLevel > 0 ? _reps.AsMemory(0, slots) : (ReadOnlyMemory<int>?)null;
        return plan.Values is null
            ? WriteNullsAsync(group, leaf, defs, reps, cancellationToken)
            : plan.Values.WriteAsync(this, group, leaf, dense, defs, reps, cancellationToken);
    }

    private void Slot(ref int slots, int definition, int repetition)
    {
        Grow(ref _defs, slots + 1); Grow(ref _reps, slots + 1);
        _defs[slots] = definition;
        _reps[slots] = repetition;
        slots++;
    }

    private static Task WriteNullsAsync(ParquetRowGroupWriter group, DataField leaf, ReadOnlyMemory<int>? defs, ReadOnlyMemory<int>? reps,
        CancellationToken cancellationToken)
    {
        var t = leaf.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return group.WriteAllPartsAsync<ReadOnlyMemory<char>>(leaf, ReadOnlyMemory<ReadOnlyMemory<char>>.Empty, defs, reps, cancellationToken);
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>)) return group.WriteAllPartsAsync<ReadOnlyMemory<byte>>(leaf, ReadOnlyMemory<ReadOnlyMemory<byte>>.Empty, defs, reps, cancellationToken);
        if (t == typeof(double)) return group.WriteAllPartsAsync<double>(leaf, ReadOnlyMemory<double>.Empty, defs, reps, cancellationToken);
        throw new NotSupportedException($"no null column for {leaf.Path} ({t.Name})");
    }

    // Keeps the contents: slot buffers grow while they are filled.
    private static void Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count) Array.Resize(ref buffer, Math.Max(count, buffer.Length * 2));
    }

    /// <summary>Which top-level column a leaf is under, by what decides its entries.</summary>
    private enum Column { Present, History, Forced, NotSolarSystem, SolarSystem, Features, Absent }

    /// <param name="EntryLevel">Definition level of an entry of the column's list or map (an empty one is one below).</param>
    /// <param name="Values">The leaf's values; null when it is null wherever its column is defined.</param>
    private sealed record LeafPlan(DataField Field, Column Column, int EntryLevel, ILeafValues? Values);
}
