using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>
/// LSST's <c>lc_features</c> (a Parquet MAP of band to a struct of 26 light-curve features) through the nested-field
/// path: addressable whole, read by the record assembler, checked against Apache Parquet C++ (ParquetSharp), which
/// reads a map's key and each value member as one array per row.
/// </summary>
public sealed class LsstMapColumnTests
{
    private const string Prefix = "lc_features.key_value.";

    [Fact]
    public async Task The_map_is_one_addressable_field_whose_members_are_not()
    {
        var schema = await AlertSchema.ReadAsync(SampleFiles.Rubin);
        var map = schema.Find("lc_features");
        Assert.Equal(AlertFieldKind.Map, map.Kind);
        Assert.Equal("map<string,struct>", map.TypeName);
        Assert.Equal(["key", "value"], map.Children.Select(c => c.Name));
        Assert.Equal(26, map.Children[1].Children.Count);
        Assert.False(schema.TryFind("lc_features.value", out _));
        Assert.DoesNotContain(schema.AllFields, f => f.Path.StartsWith("lc_features.", StringComparison.Ordinal));
        // The full packet is every top-level column, the map included, in file order.
        Assert.Contains(map, schema.Fields("full"));
        Assert.Equal(schema.TopLevel.Count, (await Parquet.ParquetReader.ReadSchemaAsync(SampleFiles.Rubin)).Fields.Count);
    }

    [Fact]
    public async Task Map_values_equal_parquet_cpp_for_every_row_and_member()
    {
        var (schema, result) = await NestedFieldReader.ReadAsync(SampleFiles.Rubin, ["diaSourceId", "lc_features"]);
        var rows = result.Rows;
        var maps = result["lc_features"].Values;

        var keys = ReadArrays<string>("key");
        Assert.Equal(27, keys.Length);
        var members = schema.Find("lc_features").Children[1].Children.Select(c => c.Name).ToArray();
        var reference = members.ToDictionary(m => m, m => ReadArrays<Nested<double?>?>("value." + m));
        var entries = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            if (keys[r] is null)
            {
                Assert.Null(maps[r]);
                continue;
            }
            var map = Assert.IsType<List<KeyValuePair<string, object?>>>(maps[r]);
            Assert.Equal(keys[r], map.Select(e => e.Key));
            for (var e = 0; e < map.Count; e++, entries++)
            {
                var features = Assert.IsType<AlertRecord>(map[e].Value);
                Assert.Equal(members, features.Names);
                foreach (var m in members)
                    Assert.Equal(reference[m][r]![e]?.Value, (double?)features[m]);
            }
        }
        Assert.True(entries >= 27, $"only {entries} map entries in the file");
    }

    [Fact]
    public async Task A_materialized_map_encodes_to_avro_with_the_built_schema_and_decodes_back()
    {
        var (_, result) = await NestedFieldReader.ReadAsync(SampleFiles.Rubin, ["diaSourceId", "lc_features"]);
        var fields = result.Fields.Select(f => f.Field).ToArray();
        var avro = AvroSchemaBuilder.Build(fields.Select(f => ResultColumn.FromField(f.ParquetField)));

        for (var r = 0; r < result.Rows.Count; r++)
        {
            var row = result.Fields.Select(f => AvroRowValues.From(f.Values[r])).ToArray();
            var decoded = AvroDecoder.DecodeRecord(avro, AvroEncoder.Encode(avro, row));
            Assert.Equal(row[0], decoded["diaSourceId"]);
            var sent = (List<KeyValuePair<string, object?>>)row[1]!;
            var back = Assert.IsType<List<KeyValuePair<string, object?>>>(decoded["lc_features"]);
            Assert.Equal(sent.Select(e => e.Key), back.Select(e => e.Key));
            for (var e = 0; e < sent.Count; e++)
                Assert.Equal((object?[])sent[e].Value!, Enumerable.Range(0, 26).Select(i => ((AvroRecord)back[e].Value!)[i]));
        }
    }

    private static T[]?[] ReadArrays<T>(string leaf)
    {
        using var reader = new ParquetFileReader(SampleFiles.Rubin);
        var columns = reader.FileMetaData.Schema;
        var index = Enumerable.Range(0, columns.NumColumns).Single(i => columns.Column(i).Path.ToDotString() == Prefix + leaf);
        using var group = reader.RowGroup(0);
        using var column = group.Column(index).LogicalReader<T[]?>();
        return column.ReadAll(checked((int)group.MetaData.NumRows));
    }
}
