using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka.Avro;

namespace FinkXmatch.Core.Xmatch;

/// <summary>Materialized alert values in the shape the Avro encoder and the Parquet result writer take.</summary>
internal static class AvroRowValues
{
    /// <summary>
    /// The value of <paramref name="field"/> as a result row holds it. A null struct becomes a record whose members
    /// are all null: Fink sends structs as <c>struct(x.*) as x</c>, a record that is never null itself (its Avro type
    /// is not a union), so LSST's <c>ssSource</c> of an alert with no solar-system match is a record of nulls. Values
    /// whose field is not known (inside a map) are converted by their shape alone.
    /// </summary>
    public static object? From(object? value, AlertField? field) => value switch
    {
        null when field is { Kind: AlertFieldKind.Struct } => field.Children.Select(c => From(null, c)).ToArray(),
        null => null,
        AlertRecord record => Record(record, field),
        // Spark's to_avro writes timestamps as their string cast, in UTC.
        DateTime time => SparkTimestampText.Format(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time),
        string or byte[] => value,
        // A map (lc_features) keeps its entries in file order, as Spark writes them to Avro.
        IReadOnlyList<KeyValuePair<string, object?>> map => map.Select(e => new KeyValuePair<string, object?>(e.Key, From(e.Value, null))).ToList(),
        // A list's items: records of the list's members, or values; a null item stays null (items are nullable).
        IReadOnlyList<object?> list => list.Select(item => From(item, item is AlertRecord ? field : null)).ToList(),
        _ => value,
    };

    private static object?[] Record(AlertRecord record, AlertField? field)
    {
        var values = new object?[record.Values.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = From(record.Values[i], field is not null && i < field.Children.Count ? field.Children[i] : null);
        return values;
    }
}
