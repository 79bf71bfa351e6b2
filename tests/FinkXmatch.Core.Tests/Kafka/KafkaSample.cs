using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Kafka;

/// <summary>One real Fink Data Transfer sample: the schema dump and the container file, each loaded once.</summary>
internal sealed class TransferSample(string schemaFile, string containerFile)
{
    private readonly Lazy<AvroRecordSchema> _schema = new(() => AvroSchemaParser.ParseRecord(File.ReadAllText(TestData.Path(schemaFile))));
    private readonly Lazy<AvroContainerFile> _container = new(() => AvroContainerFile.Read(TestData.Path(containerFile)));

    /// <summary>The schema as fink_datatransfer dumped it (fastavro bookkeeping keys included).</summary>
    public AvroRecordSchema Schema => _schema.Value;

    public AvroContainerFile Container => _container.Value;
}

/// <summary>The real Fink Data Transfer samples in <c>kafka/</c>: ZTF (the default here) and LSST.</summary>
internal static class KafkaSample
{
    public static TransferSample Ztf { get; } =
        new("kafka/avro_schema_ftransfer_ztf_2026-03-23_11487.json", "kafka/ftransfer_ztf_part-3-305711.avro");

    /// <summary>7 Rubin alerts, full packet, as <c>fink_datatransfer -survey lsst</c> wrote them.</summary>
    public static TransferSample Lsst { get; } =
        new("kafka/avro_schema_ftransfer_lsst_2026-03-18_803281.json", "kafka/ftransfer_lsst_part-2-918301.avro");

    public static AvroRecordSchema Schema => Ztf.Schema;

    public static AvroContainerFile Container => Ztf.Container;
}
