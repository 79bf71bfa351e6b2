using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Tests.Datalake;
using FinkXmatch.Core.Tests.Kafka;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.Results;

/// <summary>
/// Result rows with a map column (the 7 real LSST Data Transfer records, full packet, plus rows with a null map, an
/// empty map, a null map value, a null and an empty list) written by <see cref="ResultParquetWriter"/> in several row
/// groups, read back with Apache Parquet C++ and with the project's own nested-field reader.
/// </summary>
public sealed class MapColumnWriterTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "fxm-map-" + Guid.NewGuid().ToString("N") + ".parquet");

    public void Dispose() => File.Delete(_path);

    private static AvroRecordSchema Schema => KafkaSample.Lsst.Schema;

    private static List<object?[]> Rows()
    {
        var rows = KafkaSample.Lsst.Container.ReadRecords(Schema).Select(r => Enumerable.Range(0, r.Value.Count).Select(i => r.Value[i]).ToArray()).ToList();
        var lc = Schema.IndexOf("lc_features");
        var prv = Schema.IndexOf("prvDiaSources");
        object?[] Variant(Action<object?[]> change)
        {
            var row = (object?[])rows[0].Clone();
            row[0] = (long)row[0]! + rows.Count;   // its own diaSourceId
            change(row);
            return row;
        }
        var withNullValue = new List<KeyValuePair<string, object?>>((List<KeyValuePair<string, object?>>)rows[0][lc]!) { new("u", null) };
        rows.AddRange(
        [
            Variant(r => r[lc] = null),
            Variant(r => r[lc] = new List<KeyValuePair<string, object?>>()),
            Variant(r => r[lc] = withNullValue),
            Variant(r => r[prv] = null),
            Variant(r => r[prv] = new List<object?>()),
        ]);
        return rows;
    }

    [Fact]
    public async Task Map_and_nested_columns_read_back_with_parquet_cpp()
    {
        var rows = Rows();
        await using (var writer = new ResultParquetWriter(Schema, File.Create(_path), rowsPerGroup: 5))
            await writer.WriteAsync(rows);

        using (var file = new ParquetFileReader(_path))
            Assert.Equal(3, file.FileMetaData.NumRowGroups);
        Assert.Equal(rows.Select(r => (long?)r[0]), ParquetSharpColumns.Read<long?>(_path, "diaSourceId"));
        Assert.Equal(rows.Select(r => Field<double?>(r, "diaSource", "ra")), ParquetSharpColumns.Read<double?>(_path, "diaSource.ra"));
        Assert.Equal(rows.Select(r => (byte[]?)r[Schema.IndexOf("cutoutScience")]), ParquetSharpColumns.Read<byte[]?>(_path, "cutoutScience"));
        Assert.Equal(rows.Select(r => (string?)r[Schema.IndexOf("brokerEndProcessTimestamp")]), ParquetSharpColumns.Read<string?>(_path, "brokerEndProcessTimestamp"));

        var keys = ParquetSharpColumns.Read<string[]?>(_path, "lc_features.key_value.key");
        var means = ParquetSharpColumns.Read<Nested<double?>?[]?>(_path, "lc_features.key_value.value.mean");
        var history = ParquetSharpColumns.Read<Nested<long?>?[]?>(_path, "prvDiaSources.list.element.diaSourceId");
        for (var r = 0; r < rows.Count; r++)
        {
            var map = (List<KeyValuePair<string, object?>>?)rows[r][Schema.IndexOf("lc_features")];
            Assert.Equal(map?.Select(e => e.Key), keys[r]);
            Assert.Equal(map?.Select(e => e.Value is AvroRecord f ? (double?)f["mean"] : null), means[r]?.Select(n => n?.Value));
            // A null map value is a null struct, not a struct of nulls.
            Assert.Equal(map?.Select(e => e.Value is null), means[r]?.Select(n => n is null));
            var prv = (List<object?>?)rows[r][Schema.IndexOf("prvDiaSources")];
            Assert.Equal(prv?.Select(e => (long?)((AvroRecord)e!)["diaSourceId"]), history[r]?.Select(n => n?.Value));
        }
        Assert.Contains(keys, k => k is { Length: > 1 });
    }

    [Fact]
    public async Task Map_columns_read_back_through_the_nested_field_path()
    {
        var rows = Rows();
        await using (var writer = new ResultParquetWriter(Schema, File.Create(_path), rowsPerGroup: 5))
            await writer.WriteAsync(rows);

        var read = new List<IReadOnlyList<object?>>();
        for (var g = 0; g < 3; g++)
        {
            var (_, result) = await NestedFieldReader.ReadAsync(_path, ["lc_features", "prvDiaSources"], g);
            read.AddRange(Enumerable.Range(0, result.Rows.Count).Select(i => result.Fields.Select(f => f.Values[i]).ToArray()));
        }
        Assert.Equal(rows.Count, read.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var map = (List<KeyValuePair<string, object?>>?)rows[r][Schema.IndexOf("lc_features")];
            var back = (IReadOnlyList<KeyValuePair<string, object?>>?)read[r][0];
            Assert.Equal(map?.Select(e => e.Key), back?.Select(e => e.Key));
            for (var e = 0; e < (map?.Count ?? 0); e++)
            {
                var sent = (AvroRecord?)map![e].Value;
                var got = (FinkXmatch.Core.Datalake.AlertRecord?)back![e].Value;
                Assert.Equal(sent is null, got is null);
                if (sent is not null) Assert.Equal(Enumerable.Range(0, sent.Count).Select(i => sent[i]), got!.Values);
            }
            Assert.Equal(((List<object?>?)rows[r][Schema.IndexOf("prvDiaSources")])?.Count, ((IReadOnlyList<object?>?)read[r][1])?.Count);
        }
    }

    private static T Field<T>(object?[] row, string record, string member) => (T)((AvroRecord)row[Schema.IndexOf(record)]!)[member]!;
}
