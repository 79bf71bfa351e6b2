using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Results;
using Parquet.Schema;

namespace FinkXmatch.Core.Xmatch;

/// <summary>
/// The columns of a result row (CONTRACT §3): the survey's two identifiers (ZTF <c>objectId</c>, <c>candid</c>; LSST
/// <c>diaObjectId</c>, <c>diaSourceId</c>), the selected fields flattened to their leaf names, <c>separation_arcsec</c>,
/// then the catalog identifier as a string. One Avro schema describes the row for both the Parquet results and the
/// Kafka topic.
/// </summary>
public sealed class ResultLayout
{
    public const string SeparationColumn = "separation_arcsec";

    private ResultLayout(Survey survey, IReadOnlyList<AlertField> fields, IReadOnlyList<string> names, string idColumn, AvroRecordSchema schema)
    {
        Survey = survey;
        Fields = fields;
        FieldNames = names;
        IdColumn = idColumn;
        Schema = schema;
    }

    /// <summary>The survey of the alerts: its identifiers lead every row.</summary>
    public Survey Survey { get; }

    /// <summary>The alert fields read for matched rows, in column order (the two identifiers first).</summary>
    public IReadOnlyList<AlertField> Fields { get; }

    /// <summary>The result column name of each of <see cref="Fields"/>.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Name of the last column, the catalog identifier.</summary>
    public string IdColumn { get; }

    public AvroRecordSchema Schema { get; }

    public IEnumerable<string> ColumnNames => Schema.Fields.Select(f => f.Name);

    /// <summary>
    /// Resolves the requested <paramref name="fields"/> or <paramref name="packet"/> (not both) against the alert schema
    /// of <paramref name="survey"/> (by default the survey the schema's position columns tell). A custom field list also
    /// gets the survey's <see cref="Survey.ChosenFieldsAlsoGet"/>. A field whose leaf name another column already has
    /// (<c>diaSource.ra</c> and <c>diaObject.ra</c>) is named by its whole path with <c>_</c> for the dots
    /// (<c>diaObject_ra</c>); the identifiers keep their names. A catalog identifier column whose name is already a
    /// result column is renamed with the suffix <c>_catalog</c>.
    /// </summary>
    /// <exception cref="DatalakeException">Unknown field or packet (with suggestions).</exception>
    /// <exception cref="XmatchRequestException">Fields and packet both given, a field inside a list, a reserved name.</exception>
    public static ResultLayout Create(AlertSchema schema, IReadOnlyList<string>? fields, string? packet, string idColumn, Survey? survey = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        survey ??= Survey.Of(schema) ?? throw new DatalakeException(
            $"the alert schema holds no alert position ({Survey.PositionColumns})");
        var hasFields = fields is { Count: > 0 };
        if (hasFields && !string.IsNullOrWhiteSpace(packet))
            throw new XmatchRequestException("give either fields or a packet, not both");
        var identifiers = survey.Identifiers.Select(i => i.Path).ToArray();
        var requested = hasFields && survey.ChosenFieldsAlsoGet is { } always ? fields!.Append(always) : fields;
        var selected = !string.IsNullOrWhiteSpace(packet) ? schema.Fields(packet) : schema.Resolve(hasFields ? requested! : identifiers);

        var columns = identifiers.Select(schema.Find).ToList();
        columns.AddRange(selected.Where(f => !identifiers.Contains(f.Path)));

        var names = NamesOf(columns);
        var taken = names.ToHashSet(StringComparer.Ordinal);
        var id = string.IsNullOrWhiteSpace(idColumn) ? "id" : idColumn;
        while (taken.Contains(id) || id == SeparationColumn) id += "_catalog";

        var avroColumns = AlertColumns(schema, columns, names)
            .Append(ResultColumn.Extra(SeparationColumn, AvroType.Double, nullable: false))
            .Append(ResultColumn.Extra(id, AvroType.String, nullable: false));
        return new ResultLayout(survey, columns, names, id, AvroSchemaBuilder.Build(avroColumns));
    }

    /// <summary>
    /// The result column name of each field: its leaf name, or its whole path with <c>_</c> for the dots when an earlier
    /// column has that leaf name; <see cref="SeparationColumn"/> is reserved.
    /// </summary>
    /// <exception cref="XmatchRequestException">A field inside a list, two fields with one name, or a field named as the separation.</exception>
    internal static IReadOnlyList<string> NamesOf(IReadOnlyList<AlertField> columns)
    {
        var names = new List<string>(columns.Count);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in columns)
        {
            if (f.IsInsideList)
                throw new XmatchRequestException(
                    $"field '{f.Path}' is inside the list '{f.Path[..f.Path.IndexOf('.', StringComparison.Ordinal)]}': request the whole list instead");
            var name = taken.Contains(f.Name) ? f.Path.Replace('.', '_') : f.Name;
            if (!taken.Add(name))
                throw new XmatchRequestException($"fields would both be the result column '{name}' ('{f.Path}'): keep one of them");
            names.Add(name);
        }
        if (taken.Contains(SeparationColumn))
            throw new XmatchRequestException($"a selected field is named '{SeparationColumn}', which the result reserves");
        return names;
    }

    /// <summary>The Avro columns of alert fields named <paramref name="names"/>, structs that some nights lack nullable.</summary>
    internal static IEnumerable<ResultColumn> AlertColumns(AlertSchema schema, IReadOnlyList<AlertField> columns, IReadOnlyList<string> names) =>
        columns.Select((f, i) => ResultAvroColumns.Of(schema, f, names[i]));
}
