namespace FinkXmatch.Core.Datalake;

/// <summary>
/// The values of one requested field for the chosen rows of a row group, parallel to <see cref="MaterializedRows.Rows"/>.
/// Leaves are CLR values (<see cref="double"/>, <see cref="float"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="string"/>, <see cref="bool"/>, <see cref="T:byte[]"/>, <see cref="DateTime"/>) or null; structs are
/// <see cref="AlertRecord"/>; lists are <see cref="IReadOnlyList{T}"/> of values or records; maps are
/// <see cref="IReadOnlyList{T}"/> of <see cref="KeyValuePair{TKey,TValue}"/> (string keys, in file order).
/// </summary>
public sealed record FieldValues(AlertField Field, IReadOnlyList<object?> Values);

/// <summary>Requested fields of chosen rows of one row group.</summary>
public sealed class MaterializedRows
{
    internal MaterializedRows(IReadOnlyList<int> rows, IReadOnlyList<FieldValues> fields)
    {
        Rows = rows;
        Fields = fields;
    }

    /// <summary>Row indices within the row group, as requested.</summary>
    public IReadOnlyList<int> Rows { get; }

    /// <summary>One entry per requested field, in request order.</summary>
    public IReadOnlyList<FieldValues> Fields { get; }

    /// <summary>The values of the field with this dotted path.</summary>
    public FieldValues this[string path] =>
        Fields.FirstOrDefault(f => f.Field.Path == path) ?? throw new KeyNotFoundException($"field '{path}' was not requested");
}

/// <summary>One struct value: its members' values in schema order.</summary>
public sealed class AlertRecord
{
    private readonly AlertField _type;
    private readonly object?[] _values;

    internal AlertRecord(AlertField type, object?[] values)
    {
        _type = type;
        _values = values;
    }

    /// <summary>Member names in schema order.</summary>
    public IEnumerable<string> Names => _type.Children.Select(c => c.Name);

    /// <summary>Member values in schema order.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>Number of members.</summary>
    public int Count => _values.Length;

    /// <summary>The value of a member by name.</summary>
    public object? this[string name]
    {
        get
        {
            var children = _type.Children;
            for (var i = 0; i < children.Count; i++)
                if (children[i].Name == name) return _values[i];
            throw new KeyNotFoundException($"'{_type.Path}' has no member '{name}'");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(", ", Names.Zip(_values, (n, v) => $"{n}: {v}")) + "}";
}
