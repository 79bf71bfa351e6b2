using Parquet;
using Parquet.Schema;

using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Synthetic;

/// <summary>
/// Writes one row group of synthetic alerts with plausible values for every leaf of the Fink schema: per alert a
/// position, epoch, magnitude and identifiers; <c>prv_candidates</c> with 0..MaxHistory earlier epochs (some of them
/// upper limits, whose measured fields are null, as in ZTF); cutout stamps of the requested size.
/// Buffers are reused from one row group to the next.
/// </summary>
internal sealed partial class AlertRowGroupSynthesizer(DatalakeGeneratorOptions options) : IAlertSynthesizer
{
    /// <summary>Members of a history entry that ZTF still fills for an upper limit (non-detection).</summary>
    private static readonly HashSet<string> UpperLimitFields =
        ["jd", "fid", "pid", "diffmaglim", "pdiffimfilename", "programpi", "programid", "nid", "rcid", "field", "magzpsci",
         "magzpsciunc", "magzpscirms", "clrcoeff", "clrcounc", "rbversion"];

    // Per alert.
    private double[] _ra = [], _dec = [], _jd = [];
    private long[] _candid = [];
    private int[] _fid = [];
    private float[] _mag = [];
    private ReadOnlyMemory<char>[] _objectId = [];
    private int[] _historyStart = [];
    // Per history entry (entry = one level slot of a prv_candidates leaf).
    private int[] _entryRow = [], _entryIndex = [], _historyReps = [], _historyDefsAll = [], _historyDefsDetections = [];
    private bool[] _entryUpperLimit = [];
    private int _entries;
    // Value buffers, reused by every leaf of the same type.
    private double[] _doubles = [];
    private float[] _floats = [];
    private int[] _ints = [], _defs = [];
    private long[] _longs = [];
    private DateTime[] _times = [];
    private ReadOnlyMemory<char>[] _strings = [];
    private ReadOnlyMemory<byte>[] _bytes = [];
    private byte[] _stampPool = [];
    private int _count;
    private SplitMix64 _random;
    private DateOnly _night;

    /// <summary>Draws the alerts of a row group; <paramref name="firstAlert"/> is the index of its first alert in the night.</summary>
    public void Prepare(DateOnly night, long firstAlert, int count, SplitMix64 random)
    {
        _night = night;
        _count = count;
        _random = random;
        Grow(ref _ra, count); Grow(ref _dec, count); Grow(ref _jd, count); Grow(ref _candid, count);
        Grow(ref _fid, count); Grow(ref _mag, count); Grow(ref _objectId, count); Grow(ref _historyStart, count + 1);
        var nightJd = 1721425.5 + night.DayNumber;   // JD at 00:00 UTC of the night's date
        var entries = 0;
        for (var i = 0; i < count; i++)
        {
            (_ra[i], _dec[i]) = ZtfSkySampler.Next(ref _random);
            _jd[i] = nightJd + _random.Next(0.15, 0.5);
            _candid[i] = 1_000_000_000_000_000_000L + night.DayNumber * 1_000_000_000L + firstAlert + i;
            _fid[i] = 1 + _random.Next(2);
            _mag[i] = _random.Next(15f, 20.8f);
            _objectId[i] = ObjectIdOf(night, _candid[i]).AsMemory();
            _historyStart[i] = entries;
            entries += Math.Max(1, _random.Next(options.MaxHistory + 1));   // an alert without history holds one null slot
        }
        _historyStart[count] = entries;
        _entries = entries;
        PrepareHistory();
    }

    /// <summary>Moves alert <paramref name="row"/> to a given position (a planted counterpart).</summary>
    public void Place(int row, double ra, double dec)
    {
        _ra[row] = ra;
        _dec[row] = dec;
    }

    public (string ObjectId, long AlertId) Identity(int row) => (_objectId[row].ToString(), _candid[row]);

    public async Task WriteRowGroupAsync(ParquetWriter writer, ParquetSchema schema, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        await WriteAsync(group, schema, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes every column of the prepared alerts, in schema order.</summary>
    public async Task WriteAsync(ParquetRowGroupWriter writer, ParquetSchema schema, CancellationToken cancellationToken)
    {
        foreach (var field in schema.DataFields)
        {
            var path = field.Path.ToString();
            if (field.MaxRepetitionLevel > 0) await WriteHistoryAsync(writer, field, cancellationToken).ConfigureAwait(false);
            else await WriteFlatAsync(writer, field, path, cancellationToken).ConfigureAwait(false);
        }
        writer.CompleteValidate();
    }

    private void PrepareHistory()
    {
        var n = _entries;
        Grow(ref _entryRow, n); Grow(ref _entryIndex, n); Grow(ref _historyReps, n); Grow(ref _historyDefsAll, n);
        Grow(ref _historyDefsDetections, n); Grow(ref _entryUpperLimit, n);
        for (var row = 0; row < _count; row++)
        {
            var start = _historyStart[row];
            var length = _historyStart[row + 1] - start;
            var empty = length == 1 && _random.NextDouble() < 1.0 / (options.MaxHistory + 1);
            for (var k = 0; k < length; k++)
            {
                var e = start + k;
                _entryRow[e] = row;
                _entryIndex[e] = k;
                _historyReps[e] = k == 0 ? 0 : 1;
                _entryUpperLimit[e] = _random.NextDouble() < 0.35;
                // 0: null list (first detection), 4: member defined, 3: element present but member null.
                _historyDefsAll[e] = empty || options.MaxHistory == 0 ? 0 : 4;
                _historyDefsDetections[e] = _historyDefsAll[e] == 0 ? 0 : _entryUpperLimit[e] ? 3 : 4;
            }
        }
    }

    private async Task WriteHistoryAsync(ParquetRowGroupWriter writer, DataField field, CancellationToken cancellationToken)
    {
        var defs = UpperLimitFields.Contains(field.Name) ? _historyDefsAll : _historyDefsDetections;
        var dense = 0;
        for (var e = 0; e < _entries; e++)
            if (defs[e] == field.MaxDefinitionLevel) dense++;
        var values = dense;
        var levels = (ReadOnlyMemory<int>?)defs.AsMemory(0, _entries);
        var reps = (ReadOnlyMemory<int>?)_historyReps.AsMemory(0, _entries);
        await WriteValuesAsync(writer, field, values, levels, reps, (i, e) => HistoryEntry(defs, field.MaxDefinitionLevel, i, e),
            history: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps the i-th defined value of a history leaf to its entry.</summary>
    private static int HistoryEntry(int[] defs, int defined, int previousEntry, int _)
    {
        var e = previousEntry + 1;
        while (defs[e] != defined) e++;
        return e;
    }

    private async Task WriteFlatAsync(ParquetRowGroupWriter writer, DataField field, string path, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<int>? levels = null;
        var dense = _count;
        if (field.MaxDefinitionLevel > 0)
        {
            Grow(ref _defs, _count);
            dense = 0;
            for (var i = 0; i < _count; i++)
            {
                var isNull = path == "tracklet" && _random.NextDouble() < 0.97;   // tracklets are rare
                _defs[i] = isNull ? field.MaxDefinitionLevel - 1 : field.MaxDefinitionLevel;
                if (!isNull) dense++;
            }
            levels = _defs.AsMemory(0, _count);
        }
        await WriteValuesAsync(writer, field, dense, levels, null, (i, _) => FlatRow(field, i), history: false, cancellationToken)
            .ConfigureAwait(false);
    }

    private int FlatRow(DataField field, int previousRow)
    {
        if (field.MaxDefinitionLevel == 0) return previousRow + 1;
        var row = previousRow + 1;
        while (_defs[row] != field.MaxDefinitionLevel) row++;
        return row;
    }

    /// <summary>Fills the typed buffer with the leaf's defined values and writes them with their levels.</summary>
    private Task WriteValuesAsync(ParquetRowGroupWriter writer, DataField field, int dense, ReadOnlyMemory<int>? defs,
        ReadOnlyMemory<int>? reps, Func<int, int, int> nextSlot, bool history, CancellationToken cancellationToken)
    {
        var values = new LeafValues(this, field);
        var t = field.ClrType;
        if (t == typeof(double)) return Write(ref _doubles, values.Double);
        if (t == typeof(float)) return Write(ref _floats, values.Float);
        if (t == typeof(int)) return Write(ref _ints, values.Int);
        if (t == typeof(long)) return Write(ref _longs, values.Long);
        if (t == typeof(DateTime)) return Write(ref _times, values.Time);
        if (t == typeof(ReadOnlyMemory<char>)) return Write(ref _strings, values.String);
        if (t == typeof(ReadOnlyMemory<byte>)) return Write(ref _bytes, values.Bytes);
        throw new NotSupportedException($"no synthetic values for {field.Path} ({t.Name})");

        Task Write<T>(ref T[] buffer, Func<int, int, T> value) where T : struct
        {
            Grow(ref buffer, Math.Max(dense, 1));
            var slot = -1;
            for (var i = 0; i < dense; i++)
            {
                slot = nextSlot(slot, i);
                buffer[i] = history ? value(_entryRow[slot], _entryIndex[slot]) : value(slot, -1);
            }
            return writer.WriteAllPartsAsync<T>(field, buffer.AsMemory(0, dense), defs, reps, cancellationToken);
        }
    }

    internal static string ObjectIdOf(DateOnly night, long candid)
    {
        Span<char> id = stackalloc char[12];
        "ZTF".CopyTo(id);
        var year = night.Year % 100;
        id[3] = (char)('0' + year / 10);
        id[4] = (char)('0' + year % 10);
        var h = new SplitMix64((ulong)candid).NextUInt64();
        for (var k = 5; k < 12; k++, h /= 26) id[k] = (char)('a' + (int)(h % 26));
        return new string(id);
    }

    private static void Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count) buffer = new T[Math.Max(count, buffer.Length * 3 / 2)];
    }
}
