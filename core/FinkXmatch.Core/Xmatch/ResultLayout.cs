using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka.Avro;
using Parquet.Schema;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The columns of a result row (CONTRACT §3): <c>objectId</c>, <c>candid</c>, the selected fields flattened to their
/// leaf names, <c>separation_arcsec</c>, then the catalog identifier as a string. One Avro schema describes the row
/// for both the Parquet results and the Kafka topic.
/// </summary>
public sealed class ResultLayout
{
    public const string SeparationColumn = "separation_arcsec";
    public static readonly IReadOnlyList<string> DefaultFields = ["objectId", "candid"];

    private ResultLayout(IReadOnlyList<AlertField> fields, string idColumn, AvroRecordSchema schema)
    {
        Fields = fields;
        IdColumn = idColumn;
        Schema = schema;
    }

    /// <summary>The alert fields read for matched rows, in column order (objectId and candid first).</summary>
    public IReadOnlyList<AlertField> Fields { get; }

    /// <summary>Name of the last column, the catalog identifier.</summary>
    public string IdColumn { get; }

    public AvroRecordSchema Schema { get; }

    public IEnumerable<string> ColumnNames => Schema.Fields.Select(f => f.Name);

    /// <summary>
    /// Resolves the requested <paramref name="fields"/> or <paramref name="packet"/> (not both) against the alert schema.
    /// A catalog identifier column whose name is already an alert column is renamed with the suffix <c>_catalog</c>.
    /// </summary>
    /// <exception cref="DatalakeException">Unknown field or packet (with suggestions).</exception>
    /// <exception cref="XmatchRequestException">Fields and packet both given, a field inside a list, a name clash.</exception>
    public static ResultLayout Create(AlertSchema schema, IReadOnlyList<string>? fields, string? packet, string idColumn)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var hasFields = fields is { Count: > 0 };
        if (hasFields && !string.IsNullOrWhiteSpace(packet))
            throw new XmatchRequestException("give either fields or a packet, not both");
        var selected = !string.IsNullOrWhiteSpace(packet) ? schema.Fields(packet) : schema.Resolve(hasFields ? fields! : DefaultFields);

        var columns = new List<AlertField> { schema.Find("objectId"), schema.Find("candid") };
        columns.AddRange(selected.Where(f => f.Path is not "objectId" and not "candid"));

        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in columns)
        {
            if (f.IsInsideList)
                throw new XmatchRequestException(
                    $"field '{f.Path}' is inside the list '{f.Path[..f.Path.IndexOf('.', StringComparison.Ordinal)]}': request the whole list instead");
            if (!byName.TryAdd(f.Name, f.Path))
                throw new XmatchRequestException(
                    $"fields '{byName[f.Name]}' and '{f.Path}' would both be the result column '{f.Name}': keep one of them");
        }
        if (byName.ContainsKey(SeparationColumn))
            throw new XmatchRequestException($"a selected field is named '{SeparationColumn}', which the result reserves");

        var id = string.IsNullOrWhiteSpace(idColumn) ? "id" : idColumn;
        while (byName.ContainsKey(id) || id == SeparationColumn) id += "_catalog";

        var avroColumns = columns.Select(f => ResultColumn.FromField(f.ParquetField, f.Name, NullableStructs(schema, f)))
            .Append(ResultColumn.Extra(SeparationColumn, AvroType.Double, nullable: false))
            .Append(ResultColumn.Extra(id, AvroType.String, nullable: false));
        return new ResultLayout(columns, id, AvroSchemaBuilder.Build(avroColumns));
    }

    /// <summary>The Avro schema of rows holding every top-level field of <paramref name="schema"/>, as a job's result would.</summary>
    internal static AvroRecordSchema AvroSchemaOf(AlertSchema schema) =>
        AvroSchemaBuilder.Build(schema.TopLevel.Select(f => ResultColumn.FromField(f.ParquetField, f.Name, NullableStructs(schema, f))));

    // The structs in a column that some nights of the job lack: null in their rows, so nullable in the Avro schema.
    private static HashSet<StructField>? NullableStructs(AlertSchema schema, AlertField column)
    {
        HashSet<StructField>? structs = null;
        Visit(column);
        return structs;

        void Visit(AlertField field)
        {
            if (field.Kind == AlertFieldKind.Struct && field.ParquetField is StructField s && schema.NightsWithout(field).Count > 0)
                (structs ??= []).Add(s);
            foreach (var child in field.Children) Visit(child);
        }
    }
}
