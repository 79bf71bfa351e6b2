using Parquet.Schema;

namespace FinkXmatch.Core.Datalake;

/// <summary>Shape of an addressable alert field.</summary>
public enum AlertFieldKind
{
    /// <summary>A single value (number, string, bytes, timestamp).</summary>
    Leaf,
    /// <summary>An ordered record of named fields.</summary>
    Struct,
    /// <summary>A list of values or records.</summary>
    List,
    /// <summary>A map from strings to values or records (its members: the key, then the value).</summary>
    Map,
}

/// <summary>CLR type a leaf materializes to.</summary>
public enum AlertValueType
{
    /// <summary>Not a leaf.</summary>
    None,
    /// <summary><see cref="bool"/>.</summary>
    Boolean,
    /// <summary><see cref="int"/>.</summary>
    Int32,
    /// <summary><see cref="long"/>.</summary>
    Int64,
    /// <summary><see cref="float"/>.</summary>
    Float,
    /// <summary><see cref="double"/>.</summary>
    Double,
    /// <summary><see cref="string"/> (UTF-8 in the file).</summary>
    String,
    /// <summary><see cref="T:byte[]"/>.</summary>
    Binary,
    /// <summary><see cref="DateTime"/> (UTC).</summary>
    Timestamp,
}

/// <summary>
/// One addressable field of the alert schema: a top-level column, a struct member (<c>candidate.magpsf</c>)
/// or a member of the records of a list (<c>prv_candidates.jd</c>, a list of values per alert).
/// </summary>
public sealed class AlertField
{
    private readonly List<AlertField> _children = [];

    internal AlertField(string name, AlertField? parent, Field parquetField, AlertFieldKind kind, AlertValueType valueType,
        AlertValueType elementType)
    {
        Name = name;
        Parent = parent;
        Path = parent is null ? name : parent.Path + "." + name;
        ParquetField = parquetField;
        Kind = kind;
        ValueType = valueType;
        ElementType = elementType;
    }

    /// <summary>Dotted path, e.g. <c>candidate.magpsf</c>.</summary>
    public string Path { get; }

    /// <summary>Last path segment, the name Fink flattens a nested field to.</summary>
    public string Name { get; }

    /// <summary>Leaf, struct, list or map.</summary>
    public AlertFieldKind Kind { get; }

    /// <summary>Type of a leaf; <see cref="AlertValueType.None"/> otherwise.</summary>
    public AlertValueType ValueType { get; }

    /// <summary>For a list or map of plain values, their type; <see cref="AlertValueType.None"/> otherwise.</summary>
    public AlertValueType ElementType { get; }

    /// <summary>Whether the field itself may be null.</summary>
    public bool IsNullable => ParquetField.IsNullable;

    /// <summary>Enclosing field, null at top level.</summary>
    public AlertField? Parent { get; }

    /// <summary>Members of a struct, or of the records of a list of structs; a map's key and value (not addressable).</summary>
    public IReadOnlyList<AlertField> Children => _children;

    /// <summary>True when an enclosing field is a list (or map), so the value is one per element.</summary>
    public bool IsInsideList => Parent is not null && (Parent.Kind is AlertFieldKind.List or AlertFieldKind.Map || Parent.IsInsideList);

    /// <summary>
    /// Spark SQL style type name: <c>double</c>, <c>string</c>, <c>struct</c>, <c>array&lt;struct&gt;</c>,
    /// <c>map&lt;string,struct&gt;</c>, ...
    /// </summary>
    public string TypeName => Kind switch
    {
        AlertFieldKind.Leaf => SparkName(ValueType),
        AlertFieldKind.Struct => "struct",
        AlertFieldKind.Map => $"map<string,{ElementName}>",
        _ => $"array<{ElementName}>",
    };

    private string ElementName => ElementType == AlertValueType.None ? "struct" : SparkName(ElementType);

    internal Field ParquetField { get; }

    internal void Add(AlertField child) => _children.Add(child);

    internal static string SparkName(AlertValueType type) => type switch
    {
        AlertValueType.Boolean => "boolean",
        AlertValueType.Int32 => "integer",
        AlertValueType.Int64 => "long",
        AlertValueType.Float => "float",
        AlertValueType.Double => "double",
        AlertValueType.String => "string",
        AlertValueType.Binary => "binary",
        AlertValueType.Timestamp => "timestamp",
        _ => "none",
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {TypeName}";
}
