using FinkXmatch.Core.Tests.Kafka;
using System.Buffers;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Avro;

public class AvroSampleRoundTripTests
{
    [Fact]
    public void Sample_schema_file_parses_with_fink_record_names()
    {
        var schema = KafkaSample.Schema;
        Assert.Equal("topLevelRecord.value", schema.FullName);
        Assert.Equal("candid", schema.Fields[0].Name);
        Assert.Equal("tnsclass", schema.Fields[^1].Name);

        var candidate = Assert.IsType<AvroRecordSchema>(schema.Fields[schema.IndexOf("candidate")].Schema);
        Assert.Equal("topLevelRecord.candidate", candidate.FullName);

        var prv = Assert.IsType<AvroUnionSchema>(schema.Fields[schema.IndexOf("prv_candidates")].Schema);
        var array = Assert.IsType<AvroArraySchema>(prv.Branches[0]);
        Assert.Equal(AvroType.Null, prv.Branches[1].Type);
        var items = Assert.IsType<AvroUnionSchema>(array.Items);
        Assert.Equal("topLevelRecord.prv_candidates", Assert.IsType<AvroRecordSchema>(items.Branches[0]).FullName);

        var mangrove = Assert.IsType<AvroUnionSchema>(schema.Fields[schema.IndexOf("mangrove")].Schema);
        Assert.IsType<AvroMapSchema>(mangrove.Branches[0]);
    }

    [Fact]
    public void Container_header_schema_is_the_same_schema_as_the_dump()
    {
        var container = KafkaSample.Container;
        Assert.Equal("null", System.Text.Encoding.UTF8.GetString(container.Metadata["avro.codec"]));
        // Both are independent serialisations of the same schema (fastavro file header vs json.dump of the parsed dict).
        Assert.Equal(AvroSchemaJson.Write(KafkaSample.Schema, AvroJsonStyle.Compact),
            AvroSchemaJson.Write(container.Schema, AvroJsonStyle.Compact));
    }

    [Fact]
    public void Every_sample_record_reencodes_to_its_exact_bytes()
    {
        var container = KafkaSample.Container;
        var records = container.ReadRecords(KafkaSample.Schema);
        Assert.Equal(container.Blocks.Sum(b => b.Count), records.Count);
        Assert.True(records.Count >= 30, $"only {records.Count} records in the sample");

        var output = new ArrayBufferWriter<byte>();
        foreach (var (value, bytes) in records)
        {
            output.ResetWrittenCount();
            AvroEncoder.Write(output, KafkaSample.Schema, value);
            Assert.True(bytes.Span.SequenceEqual(output.WrittenSpan),
                $"record {value["objectId"]}/{value["candid"]} re-encodes to {output.WrittenCount} bytes instead of {bytes.Length}");
            // And as a standalone Kafka value: the whole buffer decodes to one record.
            Assert.Equal(value["candid"], AvroDecoder.DecodeRecord(KafkaSample.Schema, bytes.Span)["candid"]);
        }
    }

    [Fact]
    public void Sample_records_hold_plausible_alert_values()
    {
        var records = KafkaSample.Container.ReadRecords();
        var first = records[0].Value;
        Assert.StartsWith("ZTF", Assert.IsType<string>(first["objectId"]));
        var candidate = Assert.IsType<AvroRecord>(first["candidate"]);
        Assert.Equal(first["candid"], candidate["candid"]);
        var ra = Assert.IsType<double>(candidate["ra"]);
        Assert.InRange(ra, 0, 360);
        Assert.InRange(Assert.IsType<double>(candidate["jd"]), 2458000.0, 2470000.0);

        // Cutouts carry gzipped FITS stamps: check the gzip magic number.
        var cutout = Assert.IsType<AvroRecord>(first["cutoutScience"]);
        var stamp = Assert.IsType<byte[]>(cutout["stampData"]);
        Assert.Equal(new byte[] { 0x1f, 0x8b }, stamp[..2]);

        // prv_candidates is a list of records with a non-trivial history for at least one alert.
        Assert.Contains(records, r => r.Value["prv_candidates"] is List<object?> { Count: > 1 } list && list[0] is AvroRecord);
    }
}
