using FinkXmatch.Core.Tests.Avro;
using System.Buffers;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Kafka;

/// <summary>
/// The real LSST Data Transfer sample (7 Rubin alerts, full packet, as <c>fink_datatransfer -survey lsst</c> wrote them):
/// decoded with the schema Fink sent, and re-encoded by our encoder to the same bytes, the <c>lc_features</c> map included.
/// </summary>
public class LsstTransferSampleTests
{
    private static TransferSample Sample => KafkaSample.Lsst;

    [Fact]
    public void Schema_has_lc_features_as_a_nullable_map_of_nullable_records()
    {
        var schema = Sample.Schema;
        Assert.Equal("topLevelRecord.value", schema.FullName);
        Assert.Equal("diaSourceId", schema.Fields[0].Name);
        Assert.Equal("tns_type_recomputed", schema.Fields[^1].Name);
        Assert.Equal("topLevelRecord.diaSource", Assert.IsType<AvroRecordSchema>(schema.Fields[schema.IndexOf("diaSource")].Schema).FullName);

        var lcFeatures = Assert.IsType<AvroUnionSchema>(schema.Fields[schema.IndexOf("lc_features")].Schema);
        Assert.Equal(1, lcFeatures.NullIndex);
        var map = Assert.IsType<AvroMapSchema>(lcFeatures.Branches[0]);
        var values = Assert.IsType<AvroUnionSchema>(map.Values);
        Assert.Equal(1, values.NullIndex);
        // fink_utils names a struct map value "topLevelRecord"; inside topLevelRecord.value that is topLevelRecord.topLevelRecord.
        var features = Assert.IsType<AvroRecordSchema>(values.Branches[0]);
        Assert.Equal("topLevelRecord.topLevelRecord", features.FullName);
        Assert.Equal(26, features.Fields.Count);
        Assert.All(features.Fields, f => Assert.Equal("[\"double\",\"null\"]", f.Schema.ToString()));
    }

    [Fact]
    public void Container_header_schema_is_the_same_schema_as_the_dump()
    {
        var container = Sample.Container;
        Assert.Equal("null", System.Text.Encoding.UTF8.GetString(container.Metadata["avro.codec"]));
        Assert.Empty(AvroSchemaDiff.Compare(Sample.Schema, container.Schema, "value"));
        Assert.Equal(AvroSchemaJson.Write(Sample.Schema, AvroJsonStyle.Compact), AvroSchemaJson.Write(container.Schema, AvroJsonStyle.Compact));
    }

    [Fact]
    public void Every_sample_record_reencodes_to_its_exact_bytes()
    {
        var records = Sample.Container.ReadRecords(Sample.Schema);
        Assert.Equal(7, records.Count);
        // Several alerts carry lc_features in more than one band: a map of several entries is on the wire.
        Assert.Contains(records, r => r.Value["lc_features"] is List<KeyValuePair<string, object?>> { Count: > 1 });

        var output = new ArrayBufferWriter<byte>();
        foreach (var (value, bytes) in records)
        {
            output.ResetWrittenCount();
            AvroEncoder.Write(output, Sample.Schema, value);
            Assert.True(bytes.Span.SequenceEqual(output.WrittenSpan),
                $"record {value["diaSourceId"]} re-encodes to {output.WrittenCount} bytes instead of {bytes.Length}");
            Assert.Equal(value["diaSourceId"], AvroDecoder.DecodeRecord(Sample.Schema, bytes.Span)["diaSourceId"]);
        }
    }

    [Fact]
    public void Map_entries_reencode_in_wire_order_from_a_dictionary_too()
    {
        // A producer holding lc_features as a Dictionary (insertion order = band order) writes the same bytes.
        var (value, bytes) = Sample.Container.ReadRecords(Sample.Schema).First(r => r.Value["lc_features"] is List<KeyValuePair<string, object?>> { Count: > 1 });
        var values = Enumerable.Range(0, value.Count).Select(i => value[i]).ToArray();
        var i = Sample.Schema.IndexOf("lc_features");
        values[i] = ((List<KeyValuePair<string, object?>>)values[i]!).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.True(bytes.Span.SequenceEqual(AvroEncoder.Encode(Sample.Schema, values)));
    }

    [Fact]
    public void Sample_records_hold_plausible_rubin_values()
    {
        var records = Sample.Container.ReadRecords();
        foreach (var (value, _) in records)
        {
            var diaSource = Assert.IsType<AvroRecord>(value["diaSource"]);
            Assert.Equal(value["diaSourceId"], diaSource["diaSourceId"]);
            Assert.InRange(Assert.IsType<double>(diaSource["ra"]), 0, 360);
            Assert.InRange(Assert.IsType<double>(diaSource["dec"]), -90, 30);   // Rubin's southern sky
            Assert.InRange(Assert.IsType<double>(diaSource["midpointMjdTai"]), 60000, 70000);
            Assert.Equal("lsst.v10_0", value["lsst_schema_version"]);
            // Cutouts are bare FITS files (not gzipped, unlike ZTF's stamps).
            Assert.StartsWith("SIMPLE  =", System.Text.Encoding.ASCII.GetString(Assert.IsType<byte[]>(value["cutoutScience"]), 0, 9));
            // Timestamps are Spark's string cast; year/month/day are the datalake partition as ints.
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$", Assert.IsType<string>(value["brokerEndProcessTimestamp"]));
            Assert.Equal((2026, 3, 6), (value["year"], value["month"], value["day"]));
            foreach (var (band, features) in Assert.IsType<List<KeyValuePair<string, object?>>>(value["lc_features"]))
            {
                Assert.Contains(band, new[] { "u", "g", "r", "i", "z", "y" });
                Assert.IsType<double>(Assert.IsType<AvroRecord>(features)["mean"]);
            }
        }
        Assert.Contains(records, r => r.Value["prvDiaSources"] is List<object?> { Count: > 10 } list && list[0] is AvroRecord);
    }
}
