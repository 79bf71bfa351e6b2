using FinkXmatch.Core.Kafka.Avro;

namespace FinkXmatch.Core.Tests.Kafka;

/// <summary>The real Fink Data Transfer sample (schema dump + container file), loaded once.</summary>
internal static class KafkaSample
{
    public const string SchemaFile = "kafka/avro_schema_ftransfer_ztf_2026-03-23_11487.json";
    public const string ContainerFile = "kafka/ftransfer_ztf_part-3-305711.avro";

    private static readonly Lazy<AvroRecordSchema> LazySchema =
        new(() => AvroSchemaParser.ParseRecord(File.ReadAllText(TestData.Path(SchemaFile))));

    private static readonly Lazy<AvroContainerFile> LazyContainer =
        new(() => AvroContainerFile.Read(TestData.Path(ContainerFile)));

    /// <summary>The schema as fink_datatransfer dumped it (fastavro bookkeeping keys included).</summary>
    public static AvroRecordSchema Schema => LazySchema.Value;

    public static AvroContainerFile Container => LazyContainer.Value;
}
