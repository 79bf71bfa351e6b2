using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Tests.Catalogs.Fixtures;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// An uploaded catalog is stored as Parquet: reading the stored file must give what reading the original gave,
/// cell by cell (text, null, number), with the same column names and order.
/// </summary>
public class CatalogParquetWriterTests
{
    public static TheoryData<string> Originals => new()
    {
        "data:catalogs/3hsp.csv",
        "data:catalogs/4lac_dr3_l.fits",
        "fixture:sample_tabledata.xml",
        "fixture:sample_binary.xml",
        "fixture:sample_binary2.xml",
    };

    [Theory]
    [MemberData(nameof(Originals))]
    public async Task The_stored_parquet_reads_back_cell_by_cell_like_the_original(string original)
    {
        var (bytes, fileName) = Load(original);
        using var stored = new MemoryStream();
        long written;
        using (var source = CatalogReaders.Open(new MemoryStream(bytes), fileName))
            written = await CatalogParquetWriter.WriteAsync(source, stored);

        using var expected = CatalogReaders.Open(new MemoryStream(bytes), fileName);
        using var actual = CatalogReaders.Open(new MemoryStream(stored.ToArray()), "stored.parquet");
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        for (var c = 0; c < expected.Columns.Count; c++)
            Assert.Equal(StoredType(expected.Columns[c].Type), actual.Columns[c].Type);

        long rows = 0;
        while (expected.Read())
        {
            Assert.True(actual.Read(), $"the stored file ends at row {rows}");
            rows++;
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var where = $"row {rows}, column {expected.Columns[c].Name}";
                Assert.True(expected.IsNull(c) == actual.IsNull(c), $"{where}: null differs");
                Assert.True(expected.GetText(c) == actual.GetText(c), $"{where}: '{expected.GetText(c)}' stored as '{actual.GetText(c)}'");
                var e = expected.TryGetDouble(c, out var ev);
                var a = actual.TryGetDouble(c, out var av);
                Assert.True(e == a && (!e || ev.Equals(av)), $"{where}: number {ev} stored as {av}");
            }
        }
        Assert.False(actual.Read());
        Assert.Equal(rows, written);
        Assert.True(rows > 0);
    }

    [Fact]
    public async Task A_64_bit_identifier_is_not_rounded_and_nulls_stay_null()
    {
        // A Gaia-like source_id needs all 64 bits; a double would round it.
        const long sourceId = 6_917_529_027_641_081_857;
        var parquet = new MemoryStream();
        var schema = new Parquet.Schema.ParquetSchema(new Parquet.Schema.DataField<long?>("source_id"), new Parquet.Schema.DataField<double?>("ra"));
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(schema, parquet))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(schema.DataFields[0], new long?[] { sourceId, null }, null);
            await group.WriteAsync<double>(schema.DataFields[1], new double?[] { 12.5, null }, null);
            group.CompleteValidate();
        }
        using var stored = new MemoryStream();
        using (var source = CatalogReaders.Open(new MemoryStream(parquet.ToArray()), "gaia.parquet"))
            Assert.Equal(2, await CatalogParquetWriter.WriteAsync(source, stored));

        using var actual = CatalogReaders.Open(new MemoryStream(stored.ToArray()), "stored.parquet");
        Assert.True(actual.Read());
        Assert.Equal(sourceId.ToString(System.Globalization.CultureInfo.InvariantCulture), actual.GetText(0));
        Assert.True(actual.Read());
        Assert.True(actual.IsNull(0));
        Assert.True(actual.IsNull(1));
        Assert.False(actual.Read());
    }

    private static CatalogColumnType StoredType(CatalogColumnType type) =>
        type is CatalogColumnType.Int32 or CatalogColumnType.Int64 or CatalogColumnType.Float or CatalogColumnType.Double ? type : CatalogColumnType.String;

    private static (byte[] Bytes, string FileName) Load(string original) => original.Split(':') switch
    {
        ["data", var path] => (File.ReadAllBytes(TestData.Path(path)), Path.GetFileName(path)),
        ["fixture", var name] => (VOTableFixtureFiles.Bytes(name), name),
        _ => throw new ArgumentException(original),
    };
}
