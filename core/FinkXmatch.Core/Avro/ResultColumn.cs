using Parquet.Schema;

namespace FinkXmatch.Core.Avro;

/// <summary>
/// One top-level column of a result row, for <see cref="AvroSchemaBuilder"/>: either a datalake (Parquet) field,
/// possibly a nested leaf flattened to its leaf name (<c>candidate.magpsf</c> becomes <c>magpsf</c>, CONTRACT §3),
/// or an extra leaf this project adds (<c>separation_arcsec</c>, the catalog identifier).
/// </summary>
public sealed class ResultColumn
{
    private ResultColumn(string name, Field? source, AvroType? leafType, bool nullable, IReadOnlySet<StructField>? nullableStructs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Source = source;
        LeafType = leafType;
        Nullable = nullable;
        NullableStructs = nullableStructs;
    }

    /// <summary>The column name in the result (and the Avro field name).</summary>
    public string Name { get; }

    /// <summary>The datalake field this column comes from, or null for an extra leaf.</summary>
    public Field? Source { get; }

    /// <summary>The Avro type of an extra leaf, or null for a datalake column.</summary>
    public AvroType? LeafType { get; }

    /// <summary>Whether an extra leaf is written as <c>[T, "null"]</c> (datalake columns always are, see the builder).</summary>
    public bool Nullable { get; }

    /// <summary>
    /// Structs (the column itself or inside it) that may be null in a row although Fink writes structs as plain Avro
    /// records: those some nights of a job lack (<see cref="Datalake.AlertSchema.NightsWithout"/>); they become
    /// <c>[record, "null"]</c>.
    /// </summary>
    public IReadOnlySet<StructField>? NullableStructs { get; }

    /// <summary>
    /// The datalake column at <paramref name="path"/> (dot-separated through structs). A nested path is
    /// flattened to its leaf name; a whole struct, list or map keeps its nesting.
    /// </summary>
    /// <exception cref="KeyNotFoundException">no such field.</exception>
    public static ResultColumn FromParquet(ParquetSchema schema, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var parts = path.Split('.');
        IReadOnlyList<Field> level = schema.Fields;
        Field? field = null;
        foreach (var part in parts)
        {
            if (field is not null)
            {
                level = field is StructField s
                    ? s.Fields
                    : throw new KeyNotFoundException($"'{path}': '{field.Name}' is not a struct");
            }
            field = level.FirstOrDefault(f => f.Name == part)
                ?? throw new KeyNotFoundException($"'{path}': no field '{part}' in the datalake schema");
        }
        return new ResultColumn(parts[^1], field, null, true);
    }

    /// <summary>A datalake field as a column, under its own name unless <paramref name="name"/> is given.</summary>
    public static ResultColumn FromField(Field field, string? name = null, IReadOnlySet<StructField>? nullableStructs = null) =>
        new(name ?? field.Name, field, null, true, nullableStructs);

    /// <summary>An extra primitive leaf column such as <c>separation_arcsec</c> (double) or the catalog id (string).</summary>
    public static ResultColumn Extra(string name, AvroType type, bool nullable = true)
    {
        if (AvroSchema.PrimitiveName(type) is null || type == AvroType.Null)
            throw new ArgumentException($"an extra column must be a non-null primitive type, not {type}", nameof(type));
        return new ResultColumn(name, null, type, nullable);
    }

    /// <inheritdoc/>
    public override string ToString() => Source is null ? $"{Name}: {LeafType}" : $"{Name} <- {Source.Path}";
}
