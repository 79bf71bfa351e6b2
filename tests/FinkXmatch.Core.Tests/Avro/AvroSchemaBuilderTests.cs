using FinkXmatch.Core.Tests.Kafka;
using FinkXmatch.Core.Avro;
using Parquet;
using Parquet.Schema;
using Xunit.Abstractions;

namespace FinkXmatch.Core.Tests.Avro;

public class AvroSchemaBuilderTests(ITestOutputHelper output)
{
    private const string DatalakeFile = "datalake-sample/year=1988/month=11/day=03/part-00002.snappy.parquet";

    private static async Task<ParquetSchema> DatalakeSchema() => await ParquetReader.ReadSchemaAsync(TestData.Path(DatalakeFile));

    [Fact]
    public async Task Full_packet_schema_built_from_the_datalake_equals_the_sample_for_shared_columns()
    {
        var parquet = await DatalakeSchema();
        var sample = KafkaSample.Schema;
        var parquetNames = parquet.Fields.Select(f => f.Name).ToHashSet();
        // The sample's columns that the (older) datalake sample also has, in the sample's order.
        var shared = sample.Fields.Where(f => parquetNames.Contains(f.Name)).Select(f => f.Name).ToList();
        var onlyInSample = sample.Fields.Select(f => f.Name).Where(n => !parquetNames.Contains(n)).ToList();
        var onlyInParquet = parquetNames.Where(n => sample.IndexOf(n) < 0).ToList();
        output.WriteLine($"shared top-level columns: {shared.Count}; only in the Kafka sample: {onlyInSample.Count} ({string.Join(", ", onlyInSample)}); only in the datalake: {onlyInParquet.Count}");
        Assert.Empty(onlyInParquet);
        Assert.True(shared.Count >= 15, $"only {shared.Count} shared columns");

        var built = AvroSchemaBuilder.FromParquet(parquet, shared);
        var expected = new AvroRecordSchema(sample.Name, shared.Select(n => sample.Fields[sample.IndexOf(n)]));

        var differences = AvroSchemaDiff.Compare(expected, built, "value");
        foreach (var d in differences) output.WriteLine(d);
        Assert.Empty(differences);
        // The same tree also prints to the same fink JSON.
        Assert.Equal(AvroSchemaJson.Write(expected), AvroSchemaJson.Write(built));
    }

    [Fact]
    public async Task Whole_datalake_schema_builds_with_fink_rules()
    {
        var parquet = await DatalakeSchema();
        var schema = AvroSchemaBuilder.FromParquet(parquet);
        Assert.Equal("topLevelRecord.value", schema.FullName);
        Assert.Equal(parquet.Fields.Select(f => f.Name), schema.Fields.Select(f => f.Name));
        // Structs are records written in place, not nullable unions.
        var cutout = Assert.IsType<AvroRecordSchema>(schema.Fields[schema.IndexOf("cutoutScience")].Schema);
        Assert.Equal("topLevelRecord.cutoutScience", cutout.FullName);
        Assert.Equal(AvroSchema.Nullable(AvroSchema.Bytes).ToString(), cutout.Fields[1].Schema.ToString());
        // mulens is REQUIRED in the Parquet file but Spark reads every Parquet column as nullable, as the sample shows.
        Assert.False(parquet.Fields.Single(f => f.Name == "mulens").IsNullable);
        Assert.Equal("[\"double\",\"null\"]", schema.Fields[schema.IndexOf("mulens")].Schema.ToString());
        // The INT96 timestamp column becomes a string, as in the sample.
        Assert.Equal("[\"string\",\"null\"]", schema.Fields[schema.IndexOf("timestamp")].Schema.ToString());
    }

    [Fact]
    public async Task Result_schema_flattens_nested_leaves_and_appends_extra_columns()
    {
        var parquet = await DatalakeSchema();
        var columns = new[] { "objectId", "candid", "candidate.magpsf", "candidate.ra", "candidate.fid", "cutoutScience" }
            .Select(p => ResultColumn.FromParquet(parquet, p))
            .Append(ResultColumn.Extra("separation_arcsec", AvroType.Double))
            .Append(ResultColumn.Extra("NAME", AvroType.String));
        var schema = AvroSchemaBuilder.Build(columns);
        Assert.Equal(
            """{"type":"record","name":"topLevelRecord.value","fields":[{"name":"objectId","type":["string","null"]},{"name":"candid","type":["long","null"]},{"name":"magpsf","type":["float","null"]},{"name":"ra","type":["double","null"]},{"name":"fid","type":["int","null"]},{"name":"cutoutScience","type":{"type":"record","name":"topLevelRecord.cutoutScience","fields":[{"name":"fileName","type":["string","null"]},{"name":"stampData","type":["bytes","null"]}]}},{"name":"separation_arcsec","type":["double","null"]},{"name":"NAME","type":["string","null"]}]}""",
            AvroSchemaJson.Write(schema, AvroJsonStyle.Compact));

        Assert.Throws<KeyNotFoundException>(() => ResultColumn.FromParquet(parquet, "candidate.nope"));
        Assert.Throws<KeyNotFoundException>(() => ResultColumn.FromParquet(parquet, "objectId.x"));
        // A flattened leaf clashing with a top-level column of the same name is refused, not silently shadowed.
        Assert.Throws<ArgumentException>(() => AvroSchemaBuilder.FromParquet(parquet, ["candid", "candidate.candid"]));
    }

    [Fact]
    public void Lists_maps_and_nested_structs_follow_fink_naming()
    {
        var inner = new StructField("inner", new DataField<int>("n"));
        var parquet = new ParquetSchema(
            new StructField("outer", new DataField<string>("s"), inner),
            new ListField("hist", new StructField("element", new DataField<double>("jd"))),
            new ListField("tags", new DataField<string>("element")),
            new MapField("scores", new DataField<string>("key", false), new DataField<float>("value")),
            new DataField<DateTime>("when"),
            new DataField<short>("small"),
            new DataField<byte[]>("blob"));
        var schema = AvroSchemaBuilder.FromParquet(parquet);
        Assert.Equal(
            """{"type":"record","name":"topLevelRecord.value","fields":[{"name":"outer","type":{"type":"record","name":"topLevelRecord.outer","fields":[{"name":"s","type":["string","null"]},{"name":"inner","type":{"type":"record","name":"topLevelRecord.inner","fields":[{"name":"n","type":["int","null"]}]}}]}},{"name":"hist","type":[{"type":"array","items":[{"type":"record","name":"topLevelRecord.hist","fields":[{"name":"jd","type":["double","null"]}]},"null"]},"null"]},{"name":"tags","type":[{"type":"array","items":["string","null"]},"null"]},{"name":"scores","type":[{"type":"map","values":["float","null"]},"null"]},{"name":"when","type":["string","null"]},{"name":"small","type":["int","null"]},{"name":"blob","type":["bytes","null"]}]}""",
            AvroSchemaJson.Write(schema, AvroJsonStyle.Compact));

        var clash = new ParquetSchema(
            new StructField("a", new StructField("p", new DataField<int>("x"))),
            new StructField("b", new StructField("p", new DataField<string>("y"))));
        Assert.Throws<ArgumentException>(() => AvroSchemaBuilder.FromParquet(clash));
    }
}
