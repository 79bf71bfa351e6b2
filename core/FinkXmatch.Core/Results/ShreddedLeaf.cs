using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Results;

/// <summary>
/// One leaf column of a row group being shredded: its defined values (dense, in order) and a definition and
/// repetition level per entry, written with Parquet.Net's column-level API.
/// </summary>
internal abstract class ShreddedLeaf(DataField field)
{
    private readonly List<int> _definitions = [];
    private readonly List<int> _repetitions = [];

    public DataField Field { get; } = field;

    /// <summary>An entry with a value (defined at the leaf's own level).</summary>
    public void Add(object value, int repetition)
    {
        AddValue(value);
        Level(Field.MaxDefinitionLevel, repetition);
    }

    /// <summary>An entry without a value: something at or above the leaf is null or an empty list or map.</summary>
    public void AddMissing(int definition, int repetition) => Level(definition, repetition);

    public abstract Task WriteAsync(ParquetRowGroupWriter group, CancellationToken cancellationToken);

    /// <summary>A leaf for <paramref name="field"/>'s values (strings and bytes as memory, as Parquet.Net takes them).</summary>
    public static ShreddedLeaf For(DataField field)
    {
        var t = field.ClrType;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (t == typeof(bool)) return new Typed<bool>(field, v => (bool)v);
        if (t == typeof(int)) return new Typed<int>(field, v => Convert.ToInt32(v, culture));
        if (t == typeof(long)) return new Typed<long>(field, v => Convert.ToInt64(v, culture));
        if (t == typeof(float)) return new Typed<float>(field, v => (float)v);
        if (t == typeof(double)) return new Typed<double>(field, v => Convert.ToDouble(v, culture));
        if (t == typeof(DateTime)) return new Typed<DateTime>(field, v => (DateTime)v);
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
            return new Typed<ReadOnlyMemory<char>>(field, v => v as string is { } s ? s.AsMemory() : (ReadOnlyMemory<char>)v);
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>))
            return new Typed<ReadOnlyMemory<byte>>(field, v => v as byte[] is { } b ? b : (ReadOnlyMemory<byte>)v);
        throw new NotSupportedException($"column '{field.Path}' of type {t.Name} has no Parquet leaf writer here");
    }

    protected abstract void AddValue(object value);

    // A null array would convert to an empty (not absent) memory, which Parquet.Net counts as zero rows.
    protected ReadOnlyMemory<int>? Definitions => Field.MaxDefinitionLevel > 0 ? _definitions.ToArray() : (ReadOnlyMemory<int>?)null;

    protected ReadOnlyMemory<int>? Repetitions => Field.MaxRepetitionLevel > 0 ? _repetitions.ToArray() : (ReadOnlyMemory<int>?)null;

    private void Level(int definition, int repetition)
    {
        _definitions.Add(definition);
        _repetitions.Add(repetition);
    }

    private sealed class Typed<T>(DataField field, Func<object, T> convert) : ShreddedLeaf(field) where T : struct
    {
        private readonly List<T> _values = [];

        protected override void AddValue(object value) => _values.Add(convert(value));

        public override Task WriteAsync(ParquetRowGroupWriter group, CancellationToken cancellationToken) =>
            group.WriteAllPartsAsync<T>(Field, _values.ToArray(), Definitions, Repetitions, cancellationToken);
    }
}
