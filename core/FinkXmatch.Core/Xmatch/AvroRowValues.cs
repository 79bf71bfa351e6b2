using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka.Avro;

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
        IReadOnlyList<object?> list => list.Select(From).ToList(),
        _ => value,
    };
}
