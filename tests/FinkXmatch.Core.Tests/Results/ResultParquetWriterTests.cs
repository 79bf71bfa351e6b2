using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Results;
using ParquetSharp;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Tests.Results;

/// <summary>Rows given in many small calls come out in order, in row groups of the configured size (read with Parquet C++).</summary>
public sealed class ResultParquetWriterTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "fxm-writer-" + Guid.NewGuid().ToString("N") + ".parquet");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Small_writes_are_gathered_into_row_groups_of_the_configured_size()
    {
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("n", AvroType.Long, nullable: false), ResultColumn.Extra("id", AvroType.String)]);
        var next = 0L;
        object?[][] Rows(int count) => Enumerable.Range(0, count).Select(_ => new object?[] { next, $"S{next++}" }).ToArray();
        await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: 4))
        {
            foreach (var count in new[] { 3, 3, 0, 3, 2 }) await writer.WriteAsync(Rows(count));
            Assert.Equal(11, writer.RowsWritten);
        }

        using var file = new ParquetFileReader(_path);
        Assert.Equal([4L, 4, 3], Enumerable.Range(0, file.FileMetaData.NumRowGroups).Select(g => file.RowGroup(g).MetaData.NumRows));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), ParquetSharpColumns.Read<long>(_path, "n"));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => $"S{i}"), ParquetSharpColumns.Read<string?>(_path, "id"));
    }

    [Fact]
    public async Task Every_flat_column_type_reads_back_with_its_nulls()
    {
        var schema = AvroSchemaBuilder.Build(
        [
            ResultColumn.Extra("l", AvroType.Long, nullable: false), ResultColumn.Extra("d", AvroType.Double), ResultColumn.Extra("f", AvroType.Float),
            ResultColumn.Extra("i", AvroType.Int), ResultColumn.Extra("b", AvroType.Boolean), ResultColumn.Extra("s", AvroType.String),
            ResultColumn.Extra("bytes", AvroType.Bytes),
        ]);
        var rows = Enumerable.Range(0, 50).Select(k => new object?[]
        {
            (long)k * 1_000_000_007, k % 5 == 0 ? null : k / 3.0, k % 4 == 0 ? null : k * 0.5f, k % 6 == 0 ? null : k - 25,
            k % 7 == 0 ? null : k % 2 == 0, k % 3 == 0 ? null : $"ZTF{k}", k % 8 == 0 ? null : new byte[] { (byte)k, 0x8b },
        }).ToArray();
        await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: 16))
            await writer.WriteAsync(rows);

        T[] Column<T>(int c) => rows.Select(r => (T)r[c]!).ToArray();
        Assert.Equal(Column<long>(0), ParquetSharpColumns.Read<long>(_path, "l"));
        Assert.Equal(rows.Select(r => (double?)r[1]), ParquetSharpColumns.Read<double?>(_path, "d"));
        Assert.Equal(rows.Select(r => (float?)r[2]), ParquetSharpColumns.Read<float?>(_path, "f"));
        Assert.Equal(rows.Select(r => (int?)r[3]), ParquetSharpColumns.Read<int?>(_path, "i"));
        Assert.Equal(rows.Select(r => (bool?)r[4]), ParquetSharpColumns.Read<bool?>(_path, "b"));
        Assert.Equal(rows.Select(r => (string?)r[5]), ParquetSharpColumns.Read<string?>(_path, "s"));
        Assert.Equal(rows.Select(r => (byte[]?)r[6]), ParquetSharpColumns.Read<byte[]?>(_path, "bytes"));
    }

    [Fact]
    public async Task Batches_and_plain_rows_split_across_row_groups_read_back_in_order()
    {
        var schema = AvroSchemaBuilder.Build(
        [
            ResultColumn.Extra("objectId", AvroType.String), ResultColumn.Extra("candid", AvroType.Long, nullable: false),
            ResultColumn.Extra("magpsf", AvroType.Float), ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false),
            ResultColumn.Extra("id", AvroType.String, nullable: false),
        ]);
        // Two alerts matched twice and once, then one alert with a null magnitude matched three times.
        var first = new ResultBatch([["ZTF1", "ZTF2"], [11L, 12L], [17.5f, 18.25f]], [0, 0, 1], [0.5, 1.25, 2.0], ["A", "B", "C"]);
        var second = new ResultBatch([["ZTF3"], [13L], [null]], [0, 0, 0], [0.1, 0.2, 0.3], ["D", "E", "F"]);
        object?[][] plain = [["ZTF4", 14L, 19f, 3.5, "G"]];
        await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: 2))
        {
            await writer.WriteAsync(first);
            await writer.WriteAsync(plain);
            await writer.WriteAsync(second);
        }

        var expected = first.Concat(plain).Concat(second).ToList();
        Assert.Equal(7, expected.Count);
        using var file = new ParquetFileReader(_path);
        Assert.Equal([2L, 2, 2, 1], Enumerable.Range(0, file.FileMetaData.NumRowGroups).Select(g => file.RowGroup(g).MetaData.NumRows));
        Assert.Equal(expected.Select(r => (string?)r[0]), ParquetSharpColumns.Read<string?>(_path, "objectId"));
        Assert.Equal(expected.Select(r => (long)r[1]!), ParquetSharpColumns.Read<long>(_path, "candid"));
        Assert.Equal(expected.Select(r => (float?)r[2]), ParquetSharpColumns.Read<float?>(_path, "magpsf"));
        Assert.Equal([0.5, 1.25, 2.0, 3.5, 0.1, 0.2, 0.3], ParquetSharpColumns.Read<double>(_path, "separation_arcsec"));
        Assert.Equal(new string?[] { "A", "B", "C", "G", "D", "E", "F" }, ParquetSharpColumns.Read<string?>(_path, "id"));
    }

    [Fact]
    public async Task Typed_alert_columns_are_written_like_boxed_ones()
    {
        var schema = AvroSchemaBuilder.Build(
        [
            ResultColumn.Extra("objectId", AvroType.String), ResultColumn.Extra("candid", AvroType.Long, nullable: false),
            ResultColumn.Extra("magpsf", AvroType.Float), ResultColumn.Extra("ra", AvroType.Double), ResultColumn.Extra("fid", AvroType.Int),
            ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false), ResultColumn.Extra("id", AvroType.String, nullable: false),
        ]);
        int[] alertOf = [0, 0, 1, 2];
        var typed = new ResultBatch([new string?[] { "ZTF1", null, "ZTF3" }, new long?[] { 11L, 12L, 13L }, new float?[] { 17.5f, null, 19f },
            new double?[] { 10.5, 20.25, null }, new int?[] { 1, 2, null }], alertOf, [0.5, 1.25, 2.0, 3.0], ["A", "B", "C", "D"]);
        var boxed = new ResultBatch([["ZTF1", null, "ZTF3"], [11L, 12L, 13L], [17.5f, null, 19f], [10.5, 20.25, null], [1, 2, null]],
            alertOf, [0.5, 1.25, 2.0, 3.0], ["A", "B", "C", "D"]);
        await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: 3))
        {
            await writer.WriteAsync(typed);
            await writer.WriteAsync(boxed);
        }

        var expected = boxed.Concat(boxed).ToList();
        Assert.Equal(expected.Select(r => (string?)r[0]), ParquetSharpColumns.Read<string?>(_path, "objectId"));
        Assert.Equal(expected.Select(r => (long)r[1]!), ParquetSharpColumns.Read<long>(_path, "candid"));
        Assert.Equal(expected.Select(r => (float?)r[2]), ParquetSharpColumns.Read<float?>(_path, "magpsf"));
        Assert.Equal(expected.Select(r => (double?)r[3]), ParquetSharpColumns.Read<double?>(_path, "ra"));
        Assert.Equal(expected.Select(r => (int?)r[4]), ParquetSharpColumns.Read<int?>(_path, "fid"));
        Assert.Equal(new string?[] { "A", "B", "C", "D", "A", "B", "C", "D" }, ParquetSharpColumns.Read<string?>(_path, "id"));
    }

    [Fact]
    public async Task Number_columns_held_without_nulls_write_the_same_file_as_boxed_values()
    {
        // Alert columns of T[] (no row null: how late materialization holds an alert id) beside T?[] with and without
        // nulls, into optional and required columns, row groups cutting through the batches: the same bytes as boxed values.
        var schema = AvroSchemaBuilder.Build(
        [
            ResultColumn.Extra("candid", AvroType.Long), ResultColumn.Extra("ra", AvroType.Double), ResultColumn.Extra("fid", AvroType.Int),
            ResultColumn.Extra("magpsf", AvroType.Float, nullable: false), ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false),
            ResultColumn.Extra("id", AvroType.String, nullable: false),
        ]);
        var rng = new Random(9);
        var typed = new List<ResultBatch>();
        var boxed = new List<ResultBatch>();
        for (var b = 0; b < 6; b++)
        {
            var alerts = 500 + 300 * b;
            var withNulls = b == 4;
            long?[] candids = [.. Enumerable.Range(0, alerts).Select(k => withNulls && k % 9 == 2 ? null : (long?)(b * 10_000L + k * 3))];
            double?[] ra = [.. Enumerable.Range(0, alerts).Select(_ => (double?)rng.NextDouble() * 360)];
            int?[] fid = [.. Enumerable.Range(0, alerts).Select(k => (int?)(1 + k % 2))];
            float?[] mag = [.. Enumerable.Range(0, alerts).Select(_ => (float?)rng.Next(15, 21))];
            int[] alertOf = [.. Enumerable.Range(0, alerts).SelectMany(k => Enumerable.Repeat(k, k % 4 == 1 ? 2 : 1))];
            double[] separations = [.. alertOf.Select(_ => rng.NextDouble())];
            string[] ids = [.. alertOf.Select(a => $"S{a}")];
            object[] columns = b % 2 == 0 && !withNulls
                ? [candids.Select(v => v!.Value).ToArray(), ra.Select(v => v!.Value).ToArray(), fid.Select(v => v!.Value).ToArray(), mag.Select(v => v!.Value).ToArray()]
                : [candids, ra, fid, mag];
            typed.Add(new ResultBatch(columns, alertOf, separations, ids));
            boxed.Add(new ResultBatch([candids.Cast<object?>().ToArray(), ra.Cast<object?>().ToArray(), fid.Cast<object?>().ToArray(), mag.Cast<object?>().ToArray()],
                alertOf, separations, ids));
        }
        var boxedPath = _path + ".boxed";
        try
        {
            var expected = await AssertSameFileAsync(schema, 2_000, (typed, _path), (boxed, boxedPath));
            Assert.Equal(expected.Select(r => (long?)r[0]), ParquetSharpColumns.Read<long?>(_path, "candid"));
            Assert.Equal(expected.Select(r => (double?)r[1]), ParquetSharpColumns.Read<double?>(_path, "ra"));
            Assert.Equal(expected.Select(r => (int?)r[2]), ParquetSharpColumns.Read<int?>(_path, "fid"));
            Assert.Equal(expected.Select(r => (float)r[3]!), ParquetSharpColumns.Read<float>(_path, "magpsf"));
            Assert.Contains(expected, r => r[0] is null);
        }
        finally
        {
            File.Delete(boxedPath);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, true)]
    public async Task Text_held_as_UTF8_and_catalog_identifiers_write_the_same_file_as_strings(bool rowNumbers, bool plain, bool oneLength = false)
    {
        // oneLength: catalog identifiers of one length (held by source, gathered without a start and length per row)
        // and object ids of one length (their pages compressed by the encoder's loop for one length).
        // Pages of 16,384 rows and row groups of 20,000 cut through the batches; nulls, empty and non-ASCII text.
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("objectId", AvroType.String), ResultColumn.Extra("candid", AvroType.Long, nullable: false),
            ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false), ResultColumn.Extra("id", AvroType.String, nullable: false)]);
        var catalogIds = Enumerable.Range(0, 5_000).Select(i => oneLength ? $"S{i * 7919 % 5_000:D9}" : i % 11 == 3 ? "" : $"Sé{i}").ToArray();
        var catalog = rowNumbers ? CatalogIdentifiers.RowNumbers(1, catalogIds.Length) : CatalogIdentifiers.Of(catalogIds);
        Assert.Equal(oneLength, catalog.Utf8Of([0]).TrySlots(out _, out _, out _));
        var rng = new Random(5);
        var asBytes = new List<ResultBatch>();
        var asStrings = new List<ResultBatch>();
        for (var b = 0; b < 9; b++)
        {
            var alerts = 2_000 + b * 300;
            var objectIds = Enumerable.Range(0, alerts).Select(k => k % 13 == 5 ? null : oneLength ? $"ZTF{b}{k * 31 % 1000:D8}" : k % 17 == 2 ? "" : $"ZTF{b}ü{k}").ToArray();
            var candids = Enumerable.Range(0, alerts).Select(k => (long?)(b * 1_000_000L + k)).ToArray();
            // Runs of consecutive alerts, alerts repeated (several sources) and alerts left out.
            var alertOf = Enumerable.Range(0, alerts).SelectMany(k => Enumerable.Repeat(k, k % 7 == 4 ? 0 : k % 5 == 0 ? 1 + k % 3 : 1)).ToArray();
            var separations = alertOf.Select(_ => rng.NextDouble() * 60).ToArray();
            var sources = alertOf.Select(_ => rng.Next(catalog.Count)).ToArray();
            asBytes.Add(new ResultBatch([plain ? Utf8Plain(objectIds) : Utf8(objectIds), candids], alertOf, separations, catalog.Utf8Of(sources)));
            asStrings.Add(new ResultBatch([objectIds, candids], alertOf, separations, sources.Select(s => catalog[s]).ToArray()));
        }
        var bytesPath = _path + ".bytes";
        try
        {
            var expected = await AssertSameFileAsync(schema, 20_000, (asBytes, bytesPath), (asStrings, _path));
            Assert.Equal(expected.Select(r => (string?)r[0]), ParquetSharpColumns.Read<string?>(bytesPath, "objectId"));
            Assert.Equal(expected.Select(r => (string?)r[3]), ParquetSharpColumns.Read<string?>(bytesPath, "id"));
            Assert.Contains(expected, r => r[0] is null);
        }
        finally
        {
            File.Delete(bytesPath);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Batches_of_one_row_per_alert_write_the_same_file_as_alert_indices(bool oneLength)
    {
        // The nearest source of each alert (ResultBatch.OnePerAlert: row r is alert r, no index per row): object ids of
        // one length copied out without a start and length each, or PLAIN with nulls and several lengths; candids without
        // a null (long[]), magnitudes with nulls (float?[]), filters boxed. Row groups of 20,000 cut through the batches.
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("objectId", AvroType.String), ResultColumn.Extra("candid", AvroType.Long, nullable: false),
            ResultColumn.Extra("magpsf", AvroType.Float), ResultColumn.Extra("fid", AvroType.Int),
            ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false), ResultColumn.Extra("id", AvroType.String, nullable: false)]);
        var catalog = CatalogIdentifiers.Of(Enumerable.Range(0, 5_000).Select(i => $"S{i * 7919 % 5_000:D9}").ToArray());
        var rng = new Random(7);
        var held = new List<ResultBatch>();
        var reference = new List<ResultBatch>();
        for (var b = 0; b < 8; b++)
        {
            var alerts = b == 3 ? 0 : 1_500 + b * 700;
            var objectIds = Enumerable.Range(0, alerts).Select(k => oneLength ? $"ZTF{b}{k * 31 % 100_000:D8}" : k % 13 == 5 ? null : $"ZTF{b}ü{k}").ToArray();
            var candids = Enumerable.Range(0, alerts).Select(k => b * 1_000_000L + k).ToArray();
            var mags = Enumerable.Range(0, alerts).Select(k => k % 9 == 2 ? (float?)null : 15f + k % 50 / 10f).ToArray();
            var fids = Enumerable.Range(0, alerts).Select(k => k % 11 == 4 ? null : (object?)(1 + k % 3)).ToArray();
            var separations = Enumerable.Range(0, alerts).Select(_ => rng.NextDouble() * 60).ToArray();
            var sources = Enumerable.Range(0, alerts).Select(_ => rng.Next(catalog.Count)).ToArray();
            var objectColumn = oneLength ? Utf8OneLength(objectIds!) : Utf8Plain(objectIds);
            var batch = ResultBatch.OnePerAlert([objectColumn, candids, mags, fids], separations, catalog.Utf8Of(sources));
            held.Add(batch);
            reference.Add(new ResultBatch([objectIds, candids.Cast<object?>().ToArray(), mags.Cast<object?>().ToArray(), fids],
                Enumerable.Range(0, alerts).ToArray(), separations, sources.Select(s => catalog[s]).ToArray()));
            if (alerts == 0) continue;
            // Copies of a range of rows are the rows' values.
            var range = new long[alerts / 2];
            Assert.True(batch.TryCopyRequired(1, 1, range.AsSpan()));
            Assert.Equal(candids.Skip(1).Take(range.Length), range);
            var nullable = new float?[alerts / 2];
            Assert.True(batch.TryCopy(2, 2, nullable.AsSpan()));
            Assert.Equal(mags.Skip(2).Take(nullable.Length), nullable);
            var widened = new long?[alerts / 2];
            Assert.True(batch.TryCopyNullable(1, 3, widened.AsSpan()));
            Assert.Equal(candids.Skip(3).Take(widened.Length).Select(c => (long?)c), widened);
        }
        var heldPath = _path + ".held";
        try
        {
            var expected = await AssertSameFileAsync(schema, 20_000, (held, heldPath), (reference, _path));
            Assert.Equal(expected.Select(r => (string?)r[0]), ParquetSharpColumns.Read<string?>(heldPath, "objectId"));
            Assert.Equal(expected.Select(r => (long)r[1]!), ParquetSharpColumns.Read<long>(heldPath, "candid"));
        }
        finally
        {
            File.Delete(heldPath);
        }
    }

    [Fact]
    public async Task A_writer_that_recycles_its_batches_writes_the_same_file_and_hands_their_arrays_back_once_written()
    {
        // Batches as the scan makes them: separations, sources, alert indices and object ids in lent arrays (longer than
        // the rows once arrays come back), one row per alert or alerts repeated; row groups of 20,000 cut through them.
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("objectId", AvroType.String), ResultColumn.Extra("candid", AvroType.Long, nullable: false),
            ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false), ResultColumn.Extra("id", AvroType.String, nullable: false)]);
        var catalog = CatalogIdentifiers.Of(Enumerable.Range(0, 5_000).Select(i => $"S{i * 7919 % 5_000:D9}").ToArray());
        var rng = new Random(11);
        var recycledPath = _path + ".recycled";
        var (held, reference) = (new List<ResultBatch>(), new List<object?[]>());
        try
        {
            await using (var writer = new ResultParquetWriter(schema, File.Create(recycledPath), rowsPerGroup: 20_000, recycleBatches: true))
            {
                for (var b = 0; b < 12; b++)
                {
                    var alerts = 1_500 + b * 500;
                    var objectIds = Enumerable.Range(0, alerts).Select(k => $"ZTF{b % 10}{k * 31 % 100_000:D8}").ToArray();
                    var candids = Enumerable.Range(0, alerts).Select(k => b * 1_000_000L + k).ToArray();
                    var alertOf = b % 3 == 1 ? Enumerable.Range(0, alerts).SelectMany(k => Enumerable.Repeat(k, 1 + k % 2)).ToArray() : null;
                    var rows = alertOf?.Length ?? alerts;
                    var separations = ResultArrays.Rent<double>(rows);
                    var sources = ResultArrays.Rent<int>(rows);
                    for (var r = 0; r < rows; r++) (separations[r], sources[r]) = (rng.NextDouble() * 60, rng.Next(catalog.Count));
                    var lentAlertOf = alertOf is null ? null : ResultArrays.Rent<int>(rows);
                    alertOf?.CopyTo(lentAlertOf!, 0);
                    object[] columns = [LentOneLength(objectIds), candids];
                    var batch = lentAlertOf is null ? ResultBatch.OnePerAlert(columns, separations, catalog.Utf8Of(sources, rows))
                        : new ResultBatch(columns, lentAlertOf, separations, catalog.Utf8Of(sources, rows));
                    Assert.Equal(rows, batch.Count);
                    for (var r = 0; r < rows; r++)
                    {
                        var alert = alertOf?[r] ?? r;
                        reference.Add([objectIds[alert], candids[alert], separations[r], catalog[sources[r]]]);
                    }
                    held.Add(batch);
                    await writer.WriteAsync(batch);
                }
                // Written: their arrays handed back; the last one's rows wait for the writer's last row group.
                Assert.Throws<ObjectDisposedException>(() => held[0].Value(0, 0));
                Assert.Equal(reference[^1], held[^1][held[^1].Count - 1]);
            }
            Assert.All(held, batch => Assert.Throws<ObjectDisposedException>(() => batch.Value(0, 3)));

            await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: 20_000))
                await writer.WriteAsync(reference);
            Assert.Equal(await File.ReadAllBytesAsync(_path), await File.ReadAllBytesAsync(recycledPath));
            Assert.Equal(reference.Select(r => (string?)r[3]), ParquetSharpColumns.Read<string?>(recycledPath, "id"));
        }
        finally
        {
            File.Delete(recycledPath);
        }
    }

    // Object ids of one length as late materialization copies them out: PLAIN-encoded into a lent array.
    private static Utf8Column LentOneLength(string[] values)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(values[0]);
        var bytes = ResultArrays.Rent<byte>(values.Length * (4 + length) + 16);
        for (var i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * (4 + length)), length);
            Assert.Equal(length, System.Text.Encoding.UTF8.GetBytes(values[i], bytes.AsSpan(i * (4 + length) + 4)));
        }
        return Utf8Column.OfPlainOneLength(bytes, values.Length, length);
    }

    // Text of one length as late materialization holds it: PLAIN-encoded, no start or length per value.
    private static Utf8Column Utf8OneLength(string[] values)
    {
        var length = values.Length == 0 ? 12 : System.Text.Encoding.UTF8.GetByteCount(values[0]);
        var bytes = new List<byte>();
        foreach (var v in values)
        {
            Assert.Equal(length, System.Text.Encoding.UTF8.GetByteCount(v));
            bytes.AddRange(BitConverter.GetBytes(length));
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(v));
        }
        var column = Utf8Column.OfPlainOneLength([.. bytes], values.Length, length);
        Assert.True(column.IsPlain && column.Count == values.Length);
        return column;
    }

    // Writes the batches held one way and the reference's to their files: the same bytes and the same rows (what
    // Kafka gets); returns the rows.
    private static async Task<List<object?[]>> AssertSameFileAsync(AvroRecordSchema schema, int rowsPerGroup,
        (List<ResultBatch> Batches, string Path) held, (List<ResultBatch> Batches, string Path) reference)
    {
        foreach (var (batches, path) in new[] { held, reference })
        {
            await using var writer = new ResultParquetWriter(schema, File.Create(path), rowsPerGroup: rowsPerGroup);
            foreach (var batch in batches) await writer.WriteAsync(batch);
        }
        Assert.Equal(await File.ReadAllBytesAsync(reference.Path), await File.ReadAllBytesAsync(held.Path));
        var expected = reference.Batches.SelectMany(b => b).ToList();
        Assert.Equal(expected, held.Batches.SelectMany(b => b).ToList());
        return expected;
    }

    [Fact]
    public async Task A_null_in_a_required_text_column_held_as_UTF8_is_refused_with_the_column_name()
    {
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("objectId", AvroType.String, nullable: false),
            ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false), ResultColumn.Extra("id", AvroType.String, nullable: false)]);
        await using var writer = new ResultParquetWriter(schema, File.Create(_path));
        await writer.WriteAsync(new ResultBatch([Utf8(["ZTF1", null])], [0, 1], [0.5, 1.5], CatalogIdentifiers.RowNumbers(0, 2).Utf8Of([1, 0])));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.EndRowGroupAsync());
        Assert.Contains("'objectId' is required", e.Message);
    }

    // Text as late materialization holds it: the values' UTF-8 bytes in one array, with gaps between them.
    private static Utf8Column Utf8(string?[] values)
    {
        var bytes = new List<byte>();
        var starts = new int[values.Length];
        var lengths = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bytes.Add(0xff);
            starts[i] = bytes.Count;
            lengths[i] = values[i] is { } v ? System.Text.Encoding.UTF8.GetByteCount(v) : -1;
            if (values[i] is { } text) bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text));
        }
        return new Utf8Column(bytes.ToArray(), starts, lengths);
    }

    // Text as late materialization holds it: PLAIN-encoded, each value's length before it, a null taking no bytes.
    private static Utf8Column Utf8Plain(string?[] values)
    {
        var bytes = new List<byte>();
        var starts = new int[values.Length];
        var lengths = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            starts[i] = bytes.Count + 4;
            lengths[i] = values[i] is { } v ? System.Text.Encoding.UTF8.GetByteCount(v) : -1;
            if (values[i] is not { } text) continue;
            bytes.AddRange(BitConverter.GetBytes(lengths[i]));
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text));
        }
        var column = Utf8Column.OfPlain(bytes.ToArray(), starts, lengths);
        Assert.True(column.IsPlain);
        return column;
    }

    [Fact]
    public async Task A_null_in_a_typed_required_column_is_refused_with_the_column_name()
    {
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("candid", AvroType.Long, nullable: false),
            ResultColumn.Extra("separation_arcsec", AvroType.Double, nullable: false), ResultColumn.Extra("id", AvroType.String, nullable: false)]);
        await using var writer = new ResultParquetWriter(schema, File.Create(_path));
        await writer.WriteAsync(new ResultBatch([new long?[] { 11L, null }], [0, 1], [0.5, 1.5], ["A", "B"]));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.EndRowGroupAsync());
        Assert.Contains("'candid' is required", e.Message);
    }

    [Fact]
    public async Task Row_groups_carry_min_max_and_null_counts_that_Parquet_cpp_reads()
    {
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("candid", AvroType.Long, nullable: false), ResultColumn.Extra("magpsf", AvroType.Double),
            ResultColumn.Extra("fid", AvroType.Int), ResultColumn.Extra("objectId", AvroType.String)]);
        object?[][] rows =
        [
            [30L, 19.5, 2, "ZTF1"], [-4L, null, null, null], [12L, double.NaN, 1, "ZTF2"],     // row group 1
            [7L, 0.0, null, "ZTF3"], [8L, -2.5, null, null],                                    // row group 2
        ];
        await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: 3))
            await writer.WriteAsync(rows);

        using var file = new ParquetFileReader(_path);
        Statistics Stats(int group, int column)
        {
            using var rowGroup = file.RowGroup(group);
            return rowGroup.MetaData.GetColumnChunkMetaData(column).Statistics!;
        }
        var candid = (Statistics<long>)Stats(0, 0);
        Assert.True(candid.HasMinMax);
        Assert.Equal((-4L, 30L, 0L), (candid.Min, candid.Max, candid.NullCount));
        var magpsf = (Statistics<double>)Stats(0, 1);      // NaN is left out of the bounds
        Assert.Equal((19.5, 19.5, 1L), (magpsf.Min, magpsf.Max, magpsf.NullCount));
        magpsf = (Statistics<double>)Stats(1, 1);          // a zero bound is -0 as a min, +0 as a max
        Assert.Equal((-2.5, 0.0, 0L), (magpsf.Min, magpsf.Max, magpsf.NullCount));
        Assert.False(double.IsNegative(magpsf.Max));
        var fid = (Statistics<int>)Stats(0, 2);
        Assert.Equal((1, 2, 1L), (fid.Min, fid.Max, fid.NullCount));
        fid = (Statistics<int>)Stats(1, 2);                // only nulls: no bounds
        Assert.False(fid.HasMinMax);
        Assert.Equal(2L, fid.NullCount);
        var objectId = Stats(0, 3);                         // strings: null count only
        Assert.False(objectId.HasMinMax);
        Assert.Equal(1L, objectId.NullCount);
        Assert.Equal(1L, Stats(1, 3).NullCount);
    }

    [Fact]
    public async Task Columns_longer_than_a_page_read_back_whole()
    {
        // Three pages per chunk and a last partial one, with nulls on both sides of page boundaries.
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("n", AvroType.Long, nullable: false), ResultColumn.Extra("b", AvroType.Boolean),
            ResultColumn.Extra("s", AvroType.String)]);
        var count = 2 * FlatColumnChunk.PageRows + 1000;
        var rows = Enumerable.Range(0, count).Select(k => new object?[] { (long)k, k % 3 == 0 ? null : k % 2 == 0, k % 7 == 0 ? null : $"é{k}" }).ToArray();
        await using (var writer = new ResultParquetWriter(schema, File.Create(_path), rowsPerGroup: count))
            await writer.WriteAsync(rows);

        Assert.Equal(rows.Select(r => (long)r[0]!), ParquetSharpColumns.Read<long>(_path, "n"));
        Assert.Equal(rows.Select(r => (bool?)r[1]), ParquetSharpColumns.Read<bool?>(_path, "b"));
        Assert.Equal(rows.Select(r => (string?)r[2]), ParquetSharpColumns.Read<string?>(_path, "s"));
    }

    [Fact]
    public async Task A_null_in_a_required_column_is_refused_with_the_column_name()
    {
        var schema = AvroSchemaBuilder.Build([ResultColumn.Extra("id", AvroType.String, nullable: false)]);
        await using var writer = new ResultParquetWriter(schema, File.Create(_path));
        await writer.WriteAsync([["S1"], [null]]);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.EndRowGroupAsync());
        Assert.Contains("'id' is required", e.Message);
    }
}
