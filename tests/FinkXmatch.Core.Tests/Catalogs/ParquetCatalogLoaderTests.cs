using FinkXmatch.Core.Catalogs;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// A Parquet catalog read straight from its pages (a file) against the same bytes read row by row through Parquet.Net
/// (a memory stream: no file to read pages from): the same positions and identifiers, or the same first problem, and
/// the identifiers equal to the values written.
/// </summary>
public sealed class ParquetCatalogLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fxm-pcl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly DataField<double> Ra = new("ra");
    private static readonly DataField<double> Dec = new("dec");

    private string Write<TId>(DataField<TId> idField, IReadOnlyList<TId[]> idGroups, Func<int, double>? ra = null, Func<int, double>? dec = null)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".parquet");
        var schema = new ParquetSchema(idField, Ra, Dec);
        Task.Run(async () =>
        {
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            var row = 0;
            foreach (var ids in idGroups)
            {
                using var group = writer.CreateRowGroup();
                await (idField switch
                {
                    DataField<string> text => group.WriteAsync(text, (string[])(object)ids),
                    DataField<long> longs => group.WriteAsync<long>(longs, (long[])(object)ids),
                    DataField<int> ints => group.WriteAsync<int>(ints, (int[])(object)ids),
                    _ => throw new ArgumentException("not an identifier type", nameof(idField)),
                });
                await group.WriteAsync<double>(Ra, Enumerable.Range(row, ids.Length).Select(i => ra?.Invoke(i) ?? i * 0.37 % 360).ToArray());
                await group.WriteAsync<double>(Dec, Enumerable.Range(row, ids.Length).Select(i => dec?.Invoke(i) ?? i * 0.11 % 180 - 90).ToArray());
                row += ids.Length;
            }
        }).GetAwaiter().GetResult();
        return path;
    }

    private static SourceCatalog FromPages(string path, string? idColumn = "id")
    {
        using var reader = CatalogReaders.Open(path);
        return CatalogLoader.Load(reader, new CatalogSelection("ra", "dec", idColumn));
    }

    private static SourceCatalog RowByRow(string path, string? idColumn = "id")
    {
        using var reader = ParquetCatalogReader.Open(new MemoryStream(File.ReadAllBytes(path)), Path.GetFileName(path));
        Assert.Null(reader.FileHandle);
        return CatalogLoader.Load(reader, new CatalogSelection("ra", "dec", idColumn));
    }

    /// <summary>True when the pages path takes the file (it answers null where the row-by-row path must report).</summary>
    private static bool TakesPages(string path)
    {
        using var reader = CatalogReaders.Open(path);
        return ParquetCatalogLoader.TryLoad((ParquetCatalogReader)((GuardedCatalogReader)reader).Inner, 1, 2, 0, int.MaxValue, null) is not null;
    }

    private static void AssertSame(SourceCatalog expected, SourceCatalog actual, IEnumerable<string> written)
    {
        Assert.Equal(expected.RaDeg, actual.RaDeg);
        Assert.Equal(expected.DecDeg, actual.DecDeg);
        Assert.Equal(expected.IdColumn, actual.IdColumn);
        Assert.Equal(written, expected.Ids);
        Assert.Equal(written, actual.Ids);
    }

    [Fact]
    public void String_identifiers_over_row_groups_are_the_values_written()
    {
        string[][] groups = [["a", "é γ", "x y", "  padded  "], [], [.. Enumerable.Range(0, 3000).Select(i => $"S{i:D9}")], ["last\u0000nul"]];
        var path = Write(new DataField<string>("id"), groups);
        Assert.True(TakesPages(path));
        AssertSame(RowByRow(path), FromPages(path), groups.SelectMany(g => g));
    }

    [Fact]
    public void Repeats_across_row_groups_are_found()
    {
        string[][] groups = [.. Enumerable.Range(0, 4).Select(g => Enumerable.Range(g * 40_000, 40_000).Select(i => $"id{i * 7 % 160_000}").ToArray())];
        var path = Write(new DataField<string>("id"), groups);
        Assert.True(TakesPages(path));
        AssertSame(RowByRow(path), FromPages(path), groups.SelectMany(g => g));

        groups[3][17] = groups[0][5];
        groups[2][3] = groups[1][9];
        path = Write(new DataField<string>("id"), groups);
        var error = Assert.Throws<CatalogException>(() => FromPages(path));
        Assert.Equal(CatalogErrorKind.DuplicateIdentifier, error.Kind);
        Assert.Equal(80_004, error.Row);
        Assert.Contains("already used by row 40010", error.Message);
        Assert.Equal(Assert.Throws<CatalogException>(() => RowByRow(path)).Message, error.Message);
    }

    [Fact]
    public void Identifiers_of_one_length_over_many_row_groups_are_held_without_offsets()
    {
        // More row groups than threads, so that the groups are read out of order and joined.
        string[][] groups = [.. Enumerable.Range(0, 7).Select(g => Enumerable.Range(g * 20_000, g == 3 ? 0 : 20_000).Select(i => $"S{i:D9}").ToArray())];
        var path = Write(new DataField<string>("id"), groups);
        Assert.True(TakesPages(path));
        var pages = FromPages(path);
        AssertSame(RowByRow(path), pages, groups.SelectMany(g => g));
        Assert.Equal(10L * pages.Count, pages.Ids.MemoryBytes);
    }

    [Fact]
    public void A_repeat_at_a_row_group_boundary_is_found_when_each_group_ascends()
    {
        string[][] groups = [["a1", "a2", "a3"], ["a3", "a4"], ["a5"]];
        var path = Write(new DataField<string>("id"), groups);
        Assert.True(TakesPages(path));
        var error = Assert.Throws<CatalogException>(() => FromPages(path));
        Assert.Equal(CatalogErrorKind.DuplicateIdentifier, error.Kind);
        Assert.Equal(4, error.Row);
        Assert.Contains("already used by row 3", error.Message);
        Assert.Equal(Assert.Throws<CatalogException>(() => RowByRow(path)).Message, error.Message);

        long[][] longs = [[1, 2, 3], [3, 4]];
        path = Write(new DataField<long>("id"), longs);
        error = Assert.Throws<CatalogException>(() => FromPages(path));
        Assert.Equal(4, error.Row);
        Assert.Equal(Assert.Throws<CatalogException>(() => RowByRow(path)).Message, error.Message);
    }

    [Fact]
    public void Integers_ascend_by_value_not_by_text()
    {
        // 9 then 10 ascend as numbers, not as text ("10" < "9"); -1 then -2 the other way round: none repeats.
        long[][] longs = [[-5, -1, 9], [10, 11, 100], [-2]];
        var path = Write(new DataField<long>("id"), longs);
        Assert.True(TakesPages(path));
        AssertSame(RowByRow(path), FromPages(path), longs.SelectMany(g => g).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Progress_reaches_every_row_once_all_row_groups_are_read()
    {
        string[][] groups = [.. Enumerable.Range(0, 5).Select(g => Enumerable.Range(g * 1000, 1000).Select(i => $"s{i}").ToArray())];
        var path = Write(new DataField<string>("id"), groups);
        var reported = new List<long>();
        using (var reader = CatalogReaders.Open(path))
            CatalogLoader.Load(reader, new CatalogSelection("ra", "dec", "id"), progress: new SyncProgress(reported));
        Assert.Equal([1000, 2000, 3000, 4000, 5000], reported);
    }

    [Fact]
    public void Optional_columns_without_nulls_over_row_groups_from_ParquetSharp_are_read_from_pages()
    {
        // Apache Parquet C++: optional columns (definition levels, all defined), dictionary identifiers, four row groups.
        var path = Path.Combine(_dir, "optional.parquet");
        var ids = Enumerable.Range(0, 40_000).Select(i => $"gaia-{(i * 7919) % 1_000_003}").ToArray();
        using (var writer = new ParquetSharp.ParquetFileWriter(path,
                   [new ParquetSharp.Column<string>("id"), new ParquetSharp.Column<double?>("ra"), new ParquetSharp.Column<double?>("dec")],
                   ParquetSharp.Compression.Snappy))
        {
            for (var g = 0; g < 4; g++)
            {
                var rows = Enumerable.Range(g * 10_000, 10_000).ToArray();
                using var group = writer.AppendRowGroup();
                using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch([.. rows.Select(i => ids[i])]);
                using (var w = group.NextColumn().LogicalWriter<double?>()) w.WriteBatch([.. rows.Select(i => (double?)(i * 0.003))]);
                using (var w = group.NextColumn().LogicalWriter<double?>()) w.WriteBatch([.. rows.Select(i => (double?)(i * 0.0001 - 2))]);
            }
            writer.Close();
        }
        Assert.True(TakesPages(path));
        AssertSame(RowByRow(path), FromPages(path), ids);
    }

    public static TheoryData<ParquetSharp.Compression, bool, ParquetSharp.ParquetDataPageVersion> CppLayouts()
    {
        var data = new TheoryData<ParquetSharp.Compression, bool, ParquetSharp.ParquetDataPageVersion>();
        foreach (var compression in new[] { ParquetSharp.Compression.Snappy, ParquetSharp.Compression.Uncompressed })
            foreach (var dictionary in new[] { false, true })
                foreach (var version in new[] { ParquetSharp.ParquetDataPageVersion.V1, ParquetSharp.ParquetDataPageVersion.V2 })
                    data.Add(compression, dictionary, version);
        return data;
    }

    [Theory]
    [MemberData(nameof(CppLayouts))]
    public void Required_positions_in_many_pages_from_ParquetSharp_are_decompressed_into_the_rows(ParquetSharp.Compression compression, bool dictionary,
        ParquetSharp.ParquetDataPageVersion version)
    {
        // Apache Parquet C++ with small pages (many per chunk), v1 or v2, three row groups; dictionary-encoded doubles
        // are not PLAIN pages: they take the general path, which must give the same values.
        var path = Path.Combine(_dir, "pages.parquet");
        var ra = Enumerable.Range(0, 9000).Select(i => i * 7.919 % 360).ToArray();
        var dec = Enumerable.Range(0, 9000).Select(i => (i % 3) * 1.5 - 2).ToArray();
        var builder = new ParquetSharp.WriterPropertiesBuilder().Compression(compression).DataPagesize(1024).WriteBatchSize(100).DataPageVersion(version);
        using (var properties = (dictionary ? builder.EnableDictionary() : builder.DisableDictionary()).Build())
        using (var writer = new ParquetSharp.ParquetFileWriter(path,
                   [new ParquetSharp.Column<long>("id"), new ParquetSharp.Column<double>("ra"), new ParquetSharp.Column<double>("dec")], properties))
        {
            for (var g = 0; g < 3; g++)
            {
                using var group = writer.AppendRowGroup();
                using (var w = group.NextColumn().LogicalWriter<long>()) w.WriteBatch([.. Enumerable.Range(g * 3000, 3000).Select(i => 5_000_000_000L + i)]);
                using (var w = group.NextColumn().LogicalWriter<double>()) w.WriteBatch(ra.AsSpan(g * 3000, 3000));
                using (var w = group.NextColumn().LogicalWriter<double>()) w.WriteBatch(dec.AsSpan(g * 3000, 3000));
            }
            writer.Close();
        }
        Assert.True(TakesPages(path));
        var pages = FromPages(path);
        AssertSame(RowByRow(path), pages, Enumerable.Range(0, 9000).Select(i => (5_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ra, pages.RaDeg);

        using var file = File.OpenHandle(path);
        var footer = FinkXmatch.Core.ParquetFormat.ParquetFooter.Read(file);
        var leaf = footer.LeafIndex(FinkXmatch.Core.ParquetFormat.ParquetFooter.PathKey(["ra"]));
        var into = new double[3000];
        var direct = new FinkXmatch.Core.ParquetFormat.FlatChunkReader().TryLoadRequiredInto(file, footer.Chunk(1, leaf)!.Value, Parquet.Meta.Type.DOUBLE, 0, into.AsSpan());
        Assert.Equal(!dictionary, direct);
        if (direct) Assert.Equal(ra[3000..6000], into);
    }

    [Theory]
    [MemberData(nameof(CppLayouts))]
    public void Text_identifiers_of_one_length_in_many_pages_from_ParquetSharp_are_copied_into_the_rows(ParquetSharp.Compression compression, bool dictionary,
        ParquetSharp.ParquetDataPageVersion version)
    {
        // Apache Parquet C++ with small pages, v1 or v2, optional (definition levels, all defined), three row groups;
        // dictionary pages are not PLAIN: those chunks take the general path, which must give the same identifiers.
        var path = Path.Combine(_dir, "ids.parquet");
        var ids = Enumerable.Range(0, 9000).Select(i => $"S{i * 7 % 9000:D9}").ToArray();
        var builder = new ParquetSharp.WriterPropertiesBuilder().Compression(compression).DataPagesize(1024).WriteBatchSize(100).DataPageVersion(version);
        using (var properties = (dictionary ? builder.EnableDictionary() : builder.DisableDictionary()).Build())
        using (var writer = new ParquetSharp.ParquetFileWriter(path,
                   [new ParquetSharp.Column<string>("id"), new ParquetSharp.Column<double>("ra"), new ParquetSharp.Column<double>("dec")],
                   properties))
        {
            for (var g = 0; g < 3; g++)
            {
                using var group = writer.AppendRowGroup();
                using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(ids.AsSpan(g * 3000, 3000));
                using (var w = group.NextColumn().LogicalWriter<double>()) w.WriteBatch([.. Enumerable.Range(g * 3000, 3000).Select(i => i * 0.03)]);
                using (var w = group.NextColumn().LogicalWriter<double>()) w.WriteBatch([.. Enumerable.Range(g * 3000, 3000).Select(i => i * 0.001 - 5)]);
            }
            writer.Close();
        }
        Assert.True(TakesPages(path));
        var pages = FromPages(path);
        AssertSame(RowByRow(path), pages, ids);
        Assert.Equal(10L * ids.Length, pages.Ids.MemoryBytes);

        using var file = File.OpenHandle(path);
        var footer = FinkXmatch.Core.ParquetFormat.ParquetFooter.Read(file);
        var leaf = footer.LeafIndex(FinkXmatch.Core.ParquetFormat.ParquetFooter.PathKey(["id"]));
        Assert.Equal(1, footer.Leaves[leaf].MaxDefinitionLevel);
        var into = new byte[30_000];
        var widths = new List<int>();
        var direct = new FinkXmatch.Core.ParquetFormat.FlatChunkReader().TryLoadUniformBytes(file, footer.Chunk(1, leaf)!.Value,
            footer.Leaves[leaf].MaxDefinitionLevel, 3000, width => { widths.Add(width); return into; });
        Assert.Equal(!dictionary, direct);
        if (direct) Assert.Equal(string.Concat(ids[3000..6000]), System.Text.Encoding.UTF8.GetString(into));
        Assert.Equal(dictionary ? [] : [10], widths);
    }

    [Fact]
    public void A_row_group_of_other_lengths_is_read_on_its_own_and_joined_with_those_of_one_length()
    {
        // Groups of 10-byte identifiers (ASCII, and not: "ééééé" is 10 bytes of UTF-8), one of 11, one empty, a required
        // column (no levels): the 10-byte groups are written in place, the other read as before, all joined in row order.
        string[][] groups = [[.. Enumerable.Range(0, 5000).Select(i => $"S{i:D9}")], ["ééééé", "T000000001"], [],
            [.. Enumerable.Range(0, 3000).Select(i => $"U{i:D10}")], [.. Enumerable.Range(0, 4000).Select(i => $"V{i:D9}")]];
        var path = Write(new DataField<string>("id", false), groups);
        Assert.True(TakesPages(path));
        var pages = FromPages(path);
        AssertSame(RowByRow(path), pages, groups.SelectMany(g => g));
        Assert.Equal(pages.Count * 4L + groups.Sum(g => g.Sum(id => System.Text.Encoding.UTF8.GetByteCount(id))), pages.Ids.MemoryBytes);
    }

    [Theory]
    [InlineData("     ", CatalogErrorKind.EmptyIdentifier)]
    [InlineData("   ", CatalogErrorKind.EmptyIdentifier)]
    [InlineData("a0003", CatalogErrorKind.DuplicateIdentifier)]
    [InlineData("a0000", CatalogErrorKind.DuplicateIdentifier)]
    public void Bad_identifiers_of_the_same_length_are_reported_as_row_by_row(string id, CatalogErrorKind kind)
    {
        // Every identifier 5 bytes long, the bad one among them: written in place, then checked there.
        string[][] groups = [[.. Enumerable.Range(0, 3000).Select(i => $"a{i:D4}")], [.. Enumerable.Range(3000, 3000).Select(i => i == 4500 ? id : $"a{i:D4}")]];
        AssertReportedAsRowByRow(Write(new DataField<string>("id"), groups), kind, 4501);
    }

    [Theory]
    [InlineData("     ", CatalogErrorKind.EmptyIdentifier)]
    [InlineData("a0003", CatalogErrorKind.DuplicateIdentifier)]
    [InlineData("a0000", CatalogErrorKind.DuplicateIdentifier)]
    public void Bad_identifiers_of_one_row_group_are_reported_as_row_by_row(string id, CatalogErrorKind kind)
    {
        // One row group, one page: decompressed into the identifiers' array and compacted there, then checked.
        string[][] groups = [[.. Enumerable.Range(0, 6000).Select(i => i == 4500 ? id : $"a{i:D4}")]];
        AssertReportedAsRowByRow(Write(new DataField<string>("id"), groups), kind, 4501);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }

    [Fact]
    public void Integer_identifiers_are_their_invariant_text()
    {
        long[][] longs = [[1, -2, 5_000_000_000, long.MinValue, long.MaxValue], [0, 42]];
        var path = Write(new DataField<long>("id"), longs);
        Assert.True(TakesPages(path));
        AssertSame(RowByRow(path), FromPages(path), longs.SelectMany(g => g).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        int[][] ints = [[7, -8, int.MinValue, int.MaxValue]];
        path = Write(new DataField<int>("id"), ints);
        Assert.True(TakesPages(path));
        AssertSame(RowByRow(path), FromPages(path), ints.SelectMany(g => g).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Integer identifiers are held as their values (8 B each) and give result rows the bytes of their text: the same
    /// bytes as the row-by-row path's identifiers (Parquet.Net's values as text) for any sources, in any order.
    /// </summary>
    [Fact]
    public void Integer_identifiers_are_held_as_values_and_give_result_rows_their_text()
    {
        var rng = new Random(3);
        long[][] longs = [.. Enumerable.Range(0, 5).Select(g => Enumerable.Range(0, g == 2 ? 0 : 7_000)
            .Select(i => (g * 7_000L + i) * 1_000_003L + 4_295_000_000_000_000_000L).ToArray())];
        longs[4][17] = long.MaxValue;
        foreach (var path in new[] { Write(new DataField<long>("id"), longs), Write(new DataField<int>("id"), [[5, -3, 0, int.MaxValue, int.MinValue, 12]]) })
        {
            var (expected, actual) = (RowByRow(path), FromPages(path));
            Assert.NotNull(actual.Ids.Integers);
            Assert.Equal(8L * actual.Count, actual.Ids.MemoryBytes);
            Assert.Equal(expected.Ids, actual.Ids);
            int[] sources = [.. Enumerable.Range(0, 3_000).Select(_ => rng.Next(actual.Count))];
            var (text, held) = (expected.Ids.Utf8Of(sources), actual.Ids.Utf8Of(sources));
            Assert.Equal(text.Count, held.Count);
            for (var r = 0; r < text.Count; r++) Assert.True(text.Utf8(r).SequenceEqual(held.Utf8(r)), $"row {r}");
            Assert.Throws<InvalidOperationException>(() => ((IIdentifierBytes)actual.Ids).Utf8(0));
        }
    }

    /// <summary>
    /// Repeats among integer identifiers (held as values, looked for among them) are reported as among their text by the
    /// row-by-row path: the same first repeat, the same earlier row, the same message; within a row group and across,
    /// 64- and 32-bit, values of every sign and size.
    /// </summary>
    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 5_000)]
    [InlineData(3, 60_000)]
    [InlineData(4, 60_000)]
    public void Repeated_integer_identifiers_are_reported_as_row_by_row(int seed, int rows)
    {
        var rng = new Random(seed);
        // Values drawn from a pool a little larger than the rows: repeats here and there, the first one anywhere.
        var pool = Enumerable.Range(0, rows + rows / 3).Select(_ => rng.NextInt64(long.MinValue, long.MaxValue) >> rng.Next(64)).ToArray();
        var values = Enumerable.Range(0, rows).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
        long[][] longs = [values[..(rows / 3)], values[(rows / 3)..(rows / 2)], values[(rows / 2)..]];
        foreach (var path in new[] { Write(new DataField<long>("id"), longs), Write(new DataField<int>("id"), [.. longs.Select(g => g.Select(v => (int)v).ToArray())]) })
        {
            Assert.True(TakesPages(path));
            var expected = Assert.Throws<CatalogException>(() => RowByRow(path));
            var actual = Assert.Throws<CatalogException>(() => FromPages(path));
            Assert.Equal(CatalogErrorKind.DuplicateIdentifier, actual.Kind);
            Assert.Equal(expected.Row, actual.Row);
            Assert.Equal(expected.Message, actual.Message);
        }
    }

    [Fact]
    public void Row_numbers_identify_sources_without_an_identifier_column()
    {
        var path = Write(new DataField<string>("id"), [["a", "b"], ["c"]]);
        AssertSame(RowByRow(path, null), FromPages(path, null), ["1", "2", "3"]);
        Assert.Equal(CatalogLoader.RowNumberIdColumn, FromPages(path, null).IdColumn);
    }

    [Fact]
    public void Dictionary_encoded_identifiers_falling_back_to_plain_pages_are_read()
    {
        // Apache Parquet C++ writes a dictionary until it grows past its page size, then plain pages in the same chunk.
        var path = Path.Combine(_dir, "dictionary.parquet");
        var ids = Enumerable.Range(0, 120_000).Select(i => $"source-{i * 7919 % 1_000_003}").ToArray();
        using (var writer = new ParquetSharp.ParquetFileWriter(path,
                   [new ParquetSharp.Column<string>("id"), new ParquetSharp.Column<double>("ra"), new ParquetSharp.Column<double>("dec")],
                   ParquetSharp.Compression.Snappy))
        {
            using var group = writer.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(ids);
            using (var w = group.NextColumn().LogicalWriter<double>()) w.WriteBatch([.. Enumerable.Range(0, ids.Length).Select(i => i * 0.003)]);
            using (var w = group.NextColumn().LogicalWriter<double>()) w.WriteBatch([.. Enumerable.Range(0, ids.Length).Select(i => i * 0.0001 - 6)]);
            writer.Close();
        }
        Assert.True(TakesPages(path));
        AssertSame(RowByRow(path), FromPages(path), ids);
    }

    public static TheoryData<string?, CatalogErrorKind> BadIdentifiers() => new()
    {
        { null, CatalogErrorKind.EmptyIdentifier },
        { "", CatalogErrorKind.EmptyIdentifier },
        { " \t", CatalogErrorKind.EmptyIdentifier },
        { "\u00a0\u3000", CatalogErrorKind.EmptyIdentifier },
        { "b", CatalogErrorKind.DuplicateIdentifier },
    };

    [Theory]
    [MemberData(nameof(BadIdentifiers))]
    public void Bad_identifiers_are_reported_as_row_by_row(string? id, CatalogErrorKind kind)
    {
        AssertReportedAsRowByRow(Write(new DataField<string>("id", true), [["a", "b", "c"], ["d", id!, "f"]]), kind, 5);
    }

    // A repeat is looked for once the pages are read; the other problems make the row-by-row path report them.
    private static void AssertReportedAsRowByRow(string path, CatalogErrorKind kind, long row)
    {
        Assert.Equal(kind == CatalogErrorKind.DuplicateIdentifier, TakesPages(path));
        var expected = Assert.Throws<CatalogException>(() => RowByRow(path));
        var actual = Assert.Throws<CatalogException>(() => FromPages(path));
        Assert.Equal(kind, actual.Kind);
        Assert.Equal(row, actual.Row);
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void A_repeat_is_the_first_problem_only_when_it_comes_first()
    {
        string[][] ids = [["a", "b", "c", "b", "e", "f", "g"]];
        // The repeat at row 4 comes before the declination out of range at row 6.
        var path = Write(new DataField<string>("id"), ids, dec: i => i == 5 ? 91 : 0);
        var error = Assert.Throws<CatalogException>(() => FromPages(path));
        Assert.Equal(CatalogErrorKind.DuplicateIdentifier, error.Kind);
        Assert.Equal(4, error.Row);
        Assert.Contains("already used by row 2", error.Message);
        Assert.Equal(Assert.Throws<CatalogException>(() => RowByRow(path)).Message, error.Message);
        // And not when the declination out of range comes first.
        path = Write(new DataField<string>("id"), ids, dec: i => i == 2 ? -91 : 0);
        error = Assert.Throws<CatalogException>(() => FromPages(path));
        Assert.Equal(CatalogErrorKind.DecOutOfRange, error.Kind);
        Assert.Equal(3, error.Row);
    }

    [Theory]
    [InlineData(360.0, 0.0)]
    [InlineData(-1e-300, 0.0)]
    [InlineData(double.NaN, 0.0)]
    [InlineData(10.0, 90.000001)]
    [InlineData(10.0, double.NegativeInfinity)]
    public void Positions_out_of_range_are_reported_as_row_by_row(double ra, double dec)
    {
        var path = Write(new DataField<string>("id"), [[.. Enumerable.Range(0, 40).Select(i => $"s{i}")]],
            i => i == 33 ? ra : 1, i => i == 33 ? dec : 1);
        Assert.False(TakesPages(path));
        var actual = Assert.Throws<CatalogException>(() => FromPages(path));
        Assert.Equal(34, actual.Row);
        Assert.Equal(Assert.Throws<CatalogException>(() => RowByRow(path)).Message, actual.Message);
    }
}
