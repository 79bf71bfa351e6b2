using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Xmatch;

/// <summary>Materialized alert values in the shape the Avro encoder and the Parquet result writer take.</summary>
internal static class AvroRowValues
{
    public static object? From(object? value) => value switch
    {
        null => null,
        AlertRecord record => record.Values.Select(From).ToArray(),
        // Spark's to_avro writes timestamps as their string cast, in UTC.
        DateTime time => SparkTimestampText.Format(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time),
        string or byte[] => value,
        // A map (lc_features) keeps its entries in file order, as Spark writes them to Avro.
        IReadOnlyList<KeyValuePair<string, object?>> map => map.Select(e => new KeyValuePair<string, object?>(e.Key, From(e.Value))).ToList(),
        IReadOnlyList<object?> list => list.Select(From).ToList(),
        _ => value,
    };
}
