using FinkXmatch.Core.Tests.Avro;
using FinkXmatch.Core.Kafka;
using System.Text;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Kafka;

public class FinkSchemaMessageTests
{
    [Fact]
    public void Key_is_the_fink_json_that_parses_back_to_the_data_schema()
    {
        var key = FinkSchemaMessage.Key(KafkaSample.Schema);
        var text = Encoding.UTF8.GetString(key);
        Assert.StartsWith("{\n  \"type\": \"record\",\n  \"name\": \"topLevelRecord.value\",", text);
        Assert.Empty(AvroSchemaDiff.Compare(KafkaSample.Schema, AvroSchemaParser.Parse(text)));
    }

    [Fact]
    public void Value_is_a_nullable_string_record()
    {
        var name = FinkSchemaMessage.FileName(DateTimeOffset.FromUnixTimeSeconds(1_774_224_000));
        Assert.Equal("new_schema_1774224000.avsc", name);
        var value = FinkSchemaMessage.Value(name);
        // Union branch 0, then length 26 (zig-zag 52 = 0x34), then the ASCII name.
        Assert.Equal([0x00, 0x34, .. Encoding.ASCII.GetBytes(name)], value);
    }

    [Theory]
    [InlineData("2026-03-22T13:23:01.0826960", "2026-03-22 13:23:01.082696")]
    [InlineData("2026-03-22T12:10:38.0035400", "2026-03-22 12:10:38.00354")]
    [InlineData("2026-03-22T12:10:38.0000000", "2026-03-22 12:10:38")]
    [InlineData("1988-11-03T00:00:00.5000000", "1988-11-03 00:00:00.5")]
    public void Timestamps_format_like_spark_strings_in_the_sample(string iso, string expected)
    {
        var timestamp = DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(expected, SparkTimestampText.Format(timestamp));
    }

    [Fact]
    public void Sample_timestamp_strings_have_the_spark_shape()
    {
        // Independent check of the format against the real records: re-format each parsed value, expect the same text.
        var values = KafkaSample.Container.ReadRecords()
            .SelectMany(r => new[] { r.Value["timestamp"], r.Value["brokerIngestTimestamp"] })
            .OfType<string>().ToList();
        Assert.NotEmpty(values);
        foreach (var text in values)
        {
            var parsed = DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF"],
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None);
            Assert.Equal(text, SparkTimestampText.Format(parsed));
        }
    }
}
