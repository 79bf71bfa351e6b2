using FinkXmatch.Core.Catalogs;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Tests.Catalogs;

public class ParquetCatalogReaderTests
{
    /// <summary>Three row groups (3, 0 and 2 rows) with every basic type and nulls.</summary>
    internal static byte[] WriteSample()
    {
        var fId = new DataField<long>("id");
        var fI = new DataField<int?>("i");
        var fD = new DataField<double?>("ra");
        var fF = new DataField<float>("mag");
        var fS = new DataField<string>("name", true);
        var fB = new DataField<bool?>("flag");
        var schema = new ParquetSchema(fId, fI, fD, fF, fS, fB);
        var groups = new[]
        {
            (ids: new long[] { 1, 2, 3 }, i: new int?[] { 10, null, -30 }, d: new double?[] { 0.5, 359.25, null },
                f: new[] { 1.5f, 2.25f, -3f }, s: new[] { "a", null, "c,d" }, b: new bool?[] { true, null, false }),
            (ids: Array.Empty<long>(), i: Array.Empty<int?>(), d: Array.Empty<double?>(), f: Array.Empty<float>(),
                s: Array.Empty<string?>(), b: Array.Empty<bool?>()),
            (ids: new long[] { 4, 5_000_000_000 }, i: new int?[] { null, 50 }, d: new double?[] { double.NaN, -1e-300 },
                f: new[] { 0f, 7f }, s: new[] { "", "é γ" }, b: new bool?[] { false, true }),
        };
        using var ms = new MemoryStream();
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, ms);
            foreach (var g in groups)
            {
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync<long>(fId, g.ids);
                await rg.WriteAsync<int>(fI, g.i);
                await rg.WriteAsync<double>(fD, g.d);
                await rg.WriteAsync<float>(fF, g.f);
                await rg.WriteAsync(fS, g.s!);
                await rg.WriteAsync<bool>(fB, g.b);
            }
        }).GetAwaiter().GetResult();
        return ms.ToArray();
    }

    [Fact]
    public void Columns_read_in_any_order_give_the_same_values()
    {
        // Columns are decoded when first asked for: the order asked in must not change a value (a required column read
        // into nullable values once took the nulls of the optional column read before it).
        string Read(int[] order)
        {
            using var reader = ParquetCatalogReader.Open(new MemoryStream(WriteSample()), "s.parquet");
            var rows = new List<string>();
            while (reader.Read()) rows.Add(string.Join("|", Enumerable.Range(0, 6).Select(c => order.Contains(c) ? reader.GetText(c) : "")));
            return string.Join("\n", rows);
        }
        var all = Read([0, 1, 2, 3, 4, 5]);
        Assert.Equal("1|10|0.5|1.5|a|true\n2||359.25|2.25||\n3|-30||-3|c,d|false\n4||NaN|0||false\n5000000000|50|-1E-300|7|é γ|true", all);
        Assert.Equal(all, Read([3, 2, 1, 0, 5, 4]));
        Assert.Equal(all, Read([5, 4, 3, 2, 1, 0]));
    }

    [Fact]
    public void Reads_types_nulls_and_row_groups()
    {
        using var reader = ParquetCatalogReader.Open(new MemoryStream(WriteSample()), "s.parquet");
        Assert.Equal(
            [("id", CatalogColumnType.Int64), ("i", CatalogColumnType.Int32), ("ra", CatalogColumnType.Double),
             ("mag", CatalogColumnType.Float), ("name", CatalogColumnType.String), ("flag", CatalogColumnType.Boolean)],
            reader.Columns.Select(c => (c.Name, c.Type)));
        Assert.Equal(5, reader.TotalRows);

        var rows = new List<string[]>();
        while (reader.Read())
        {
            Assert.Equal(rows.Count + 1, reader.Row);
            rows.Add(Enumerable.Range(0, 6).Select(reader.GetText).ToArray());
            if (reader.Row == 1)
            {
                Assert.True(reader.TryGetDouble(2, out var ra));
                Assert.Equal(0.5, ra);
                Assert.True(reader.TryGetDouble(3, out var mag));
                Assert.Equal(1.5, mag);
                Assert.False(reader.TryGetDouble(4, out _));
                Assert.False(reader.TryGetDouble(5, out _));
            }
            if (reader.Row == 2)
            {
                Assert.True(reader.IsNull(1));
                Assert.False(reader.TryGetDouble(1, out _));
                Assert.True(reader.IsNull(4));
                Assert.True(reader.IsNull(5));
                Assert.False(reader.IsNull(2));
            }
            if (reader.Row == 4)
            {
                Assert.True(reader.TryGetDouble(2, out var nan));
                Assert.True(double.IsNaN(nan));
                Assert.False(reader.IsNull(4)); // "" is a value in Parquet, not a null
            }
            if (reader.Row == 5)
            {
                Assert.True(reader.TryGetDouble(0, out var id));
                Assert.Equal(5_000_000_000d, id);
            }
        }
        Assert.Equal(
            [
                ["1", "10", "0.5", "1.5", "a", "true"],
                ["2", "", "359.25", "2.25", "", ""],
                ["3", "-30", "", "-3", "c,d", "false"],
                ["4", "", "NaN", "0", "", "false"],
                ["5000000000", "50", "-1E-300", "7", "é γ", "true"],
            ],
            rows);
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task Reads_the_real_fink_alert_file()
    {
        var path = TestData.Path("filters_regular_part0.parquet");
        long declared;
        await using (var fs = File.OpenRead(path))
        await using (var meta = await ParquetReader.CreateAsync(fs))
            declared = meta.Metadata!.NumRows;

        using var reader = ParquetCatalogReader.Open(File.OpenRead(path), "filters_regular_part0.parquet");
        var names = reader.Columns.Select(c => c.Name).ToList();
        // Flat top-level columns and struct leaves are exposed; lists (prv_candidates) and maps (mangrove) are not.
        Assert.Contains("objectId", names);
        Assert.Contains("candidate.ra", names);
        Assert.Contains("candidate.dec", names);
        Assert.DoesNotContain(names, n => n.StartsWith("prv_candidates", StringComparison.Ordinal) || n.StartsWith("mangrove", StringComparison.Ordinal));
        Assert.Equal(CatalogColumnType.String, reader.Columns[names.IndexOf("objectId")].Type);
        Assert.Equal(CatalogColumnType.Double, reader.Columns[names.IndexOf("candidate.ra")].Type);
        Assert.Equal(CatalogColumnType.Other, reader.Columns[names.IndexOf("timestamp")].Type);
        Assert.Equal(CatalogColumnType.Bytes, reader.Columns[names.IndexOf("cutoutScience.stampData")].Type);

        int ra = names.IndexOf("candidate.ra"), dec = names.IndexOf("candidate.dec"), oid = names.IndexOf("objectId");
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            Assert.True(reader.TryGetDouble(ra, out var r) && r is >= 0 and < 360);
            Assert.True(reader.TryGetDouble(dec, out var d) && d is >= -90 and <= 90);
            Assert.StartsWith("ZTF", reader.GetText(oid));
            if (rows == 1)
            {
                Assert.Equal(234.6264197, r, 1e-9);
                Assert.Equal("ZTF25aauurnj", reader.GetText(oid));
            }
            for (var c = 0; c < reader.Columns.Count; c++) _ = reader.GetText(c);
        }
        Assert.Equal(declared, rows);
        Assert.Equal(9, rows);
    }

    [Fact]
    public void Csv_bytes_are_not_parquet()
    {
        var e = Assert.Throws<CatalogException>(() => ParquetCatalogReader.Open(new MemoryStream("ra,dec\n1,2\n"u8.ToArray()), "x.parquet"));
        Assert.Equal(CatalogErrorKind.WrongFormat, e.Kind);
    }

    [Fact]
    public void Truncated_parquet_is_reported_as_truncated()
    {
        var bytes = WriteSample();
        var e = Assert.Throws<CatalogException>(() => ParquetCatalogReader.Open(new MemoryStream(bytes[..(bytes.Length / 2)]), "x.parquet"));
        Assert.Equal(CatalogErrorKind.TruncatedFile, e.Kind);
    }

    [Fact]
    public void Huge_declared_footer_is_refused_before_allocating()
    {
        var bytes = WriteSample();
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8, 4), int.MaxValue);
        var e = Assert.Throws<CatalogException>(() => ParquetCatalogReader.Open(new MemoryStream(bytes), "x.parquet"));
        Assert.Equal(CatalogErrorKind.MalformedFile, e.Kind);
        Assert.Contains("footer", e.Message);
    }
}
