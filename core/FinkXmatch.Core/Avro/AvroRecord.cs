namespace FinkXmatch.Core.Avro;

/// <summary>
/// A decoded record: its schema and one value per field, in field order. Values are null, bool, int, long,
/// float, double, string, byte[], <see cref="List{T}"/> of object? (arrays),
/// <see cref="List{T}"/> of <see cref="KeyValuePair{TKey,TValue}"/> (maps, in wire order) or <see cref="AvroRecord"/>.
/// </summary>
public sealed class AvroRecord
{
    private readonly object?[] _values;

    /// <summary>A record with every field null.</summary>
    public AvroRecord(AvroRecordSchema schema) : this(schema, new object?[schema.Fields.Count]) { }

    /// <summary>A record over <paramref name="values"/> (kept, not copied), one per field.</summary>
    public AvroRecord(AvroRecordSchema schema, object?[] values)
    {
        if (values.Length != schema.Fields.Count)
            throw new ArgumentException($"record {schema.FullName} has {schema.Fields.Count} fields, got {values.Length} values");
        Schema = schema;
        _values = values;
    }

    /// <summary>The record's schema.</summary>
    public AvroRecordSchema Schema { get; }

    /// <summary>The number of fields.</summary>
    public int Count => _values.Length;

    /// <summary>The value of the field at <paramref name="index"/>.</summary>
    public object? this[int index]
    {
        get => _values[index];
        set => _values[index] = value;
    }

    /// <summary>The value of the field named <paramref name="name"/>.</summary>
    public object? this[string name]
    {
        get => _values[IndexOrThrow(name)];
        set => _values[IndexOrThrow(name)] = value;
    }

    internal object?[] Values => _values;

    private int IndexOrThrow(string name)
    {
        var i = Schema.IndexOf(name);
        return i >= 0 ? i : throw new KeyNotFoundException($"record {Schema.FullName} has no field '{name}'");
    }
}
