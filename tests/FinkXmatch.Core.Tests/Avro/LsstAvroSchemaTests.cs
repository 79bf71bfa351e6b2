using FinkXmatch.Core.Tests.Kafka;
using FinkXmatch.Core.Avro;
using Parquet;
using Xunit.Abstractions;

namespace FinkXmatch.Core.Tests.Avro;

/// <summary>
/// The project's <c>full</c> packet schema for LSST (built by <see cref="AvroSchemaBuilder"/> from the Parquet schema of
/// the 27 Fink-processed Rubin alerts) against the schema Fink really sent for an LSST Data Transfer topic.
/// </summary>
public class LsstAvroSchemaTests(ITestOutputHelper output)
{
    private const string RubinFile = "lsst/rubin_test_data_10_0.parquet";

    [Fact]
    public async Task Full_packet_schema_built_from_the_rubin_file_equals_the_sample_on_their_common_columns()
    {
        var parquet = await ParquetReader.ReadSchemaAsync(TestData.Path(RubinFile));
        var sample = KafkaSample.Lsst.Schema;
        var parquetNames = parquet.Fields.Select(f => f.Name).ToList();

        // The two come from different processing runs: the 27-alert file was written by Fink's science step in February
        // 2026, the Kafka sample read back from the datalake in March. The datalake adds the partition columns
        // year/month/day (Spark reads them back as ints from the year=/month=/day= folder names), the ingestion
        // timestamp and tns_type_recomputed (a TNS cross-match added after the file was made). A column only in the
        // sample is one the file never had, not a field the builder lost; the file has none that the sample lacks.
        var onlyInSample = sample.Fields.Select(f => f.Name).Where(n => !parquetNames.Contains(n)).ToList();
        var onlyInParquet = parquetNames.Where(n => sample.IndexOf(n) < 0).ToList();
        output.WriteLine($"only in the Kafka sample: {string.Join(", ", onlyInSample)}; only in the Parquet file: {string.Join(", ", onlyInParquet)}");
        Assert.Equal(["timestamp", "year", "month", "day", "tns_type_recomputed"], onlyInSample);
        Assert.Empty(onlyInParquet);

        // Every column of the file (the full packet), in file order: the same order as the sample's common columns.
        var built = AvroSchemaBuilder.FromParquet(parquet);
        Assert.Equal(parquetNames, built.Fields.Select(f => f.Name));
        var expected = new AvroRecordSchema(sample.Name, sample.Fields.Where(f => parquetNames.Contains(f.Name)));
        var differences = AvroSchemaDiff.Compare(expected, built, "value");
        foreach (var d in differences) output.WriteLine(d);
        // The one difference is inside xm, Fink's cross-match struct, which fink-science changes between versions: the
        // file was made by fink-science 8.35.1, the sample by 8.39.0 (its fink_science_version column), which adds
        // xm.tns_fullname and xm.tns_redshift, drops xm.spicy_SPICY and reorders a few members. So the file's xm is
        // compared member by member on the members both versions have.
        Assert.Equal(["value.xm"], differences.Select(d => d[..d.IndexOf(':')]));
        var sampleXm = (AvroRecordSchema)sample.Fields[sample.IndexOf("xm")].Schema;
        var builtXm = (AvroRecordSchema)built.Fields[built.IndexOf("xm")].Schema;
        Assert.Equal(["tns_fullname", "tns_redshift"], sampleXm.Fields.Select(f => f.Name).Where(n => builtXm.IndexOf(n) < 0));
        Assert.Equal(["spicy_SPICY"], builtXm.Fields.Select(f => f.Name).Where(n => sampleXm.IndexOf(n) < 0));
        foreach (var member in builtXm.Fields.Where(f => sampleXm.IndexOf(f.Name) >= 0))
            Assert.Empty(AvroSchemaDiff.Compare(sampleXm.Fields[sampleXm.IndexOf(member.Name)].Schema, member.Schema, $"xm.{member.Name}"));

        // Everything else prints to the same fink JSON, the map's record name (topLevelRecord.topLevelRecord) included.
        static string WithoutXm(AvroRecordSchema s) => AvroSchemaJson.Write(new AvroRecordSchema(s.Name, s.Fields.Where(f => f.Name != "xm")));
        Assert.Equal(WithoutXm(expected), WithoutXm(built));
        var lcFeatures = built.Fields[built.IndexOf("lc_features")].Schema;
        Assert.Equal(AvroSchemaJson.Write(sample.Fields[sample.IndexOf("lc_features")].Schema), AvroSchemaJson.Write(lcFeatures));
    }
}
