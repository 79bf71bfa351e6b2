using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Avro;

public class AvroPrimitiveRoundTripTests
{
    private static object? RoundTrip(AvroSchema schema, object? value) => AvroDecoder.Decode(schema, AvroEncoder.Encode(schema, value));

    // Expected bytes follow the Avro 1.11 spec examples (zig-zag: 0->00, -1->01, 1->02, -64->7f, 64->80 01).
    [Theory]
    [InlineData(0L, new byte[] { 0x00 })]
    [InlineData(-1L, new byte[] { 0x01 })]
    [InlineData(1L, new byte[] { 0x02 })]
    [InlineData(-64L, new byte[] { 0x7f })]
    [InlineData(64L, new byte[] { 0x80, 0x01 })]
    [InlineData(long.MaxValue, new byte[] { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })]
    [InlineData(long.MinValue, new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })]
    public void Longs_encode_as_zigzag_varints(long value, byte[] expected)
    {
        Assert.Equal(expected, AvroEncoder.Encode(AvroSchema.Long, value));
        Assert.Equal(value, RoundTrip(AvroSchema.Long, value));
    }

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(0)]
    [InlineData(-123456)]
    public void Ints_round_trip(int value)
    {
        Assert.Equal(value, RoundTrip(AvroSchema.Int, value));
        Assert.True(AvroEncoder.Encode(AvroSchema.Int, value).Length <= 5);
    }

    [Fact]
    public void Int_out_of_range_is_rejected_when_decoding()
    {
        var bytes = AvroEncoder.Encode(AvroSchema.Long, (long)int.MaxValue + 1);
        Assert.Throws<FormatException>(() => AvroDecoder.Decode(AvroSchema.Int, bytes));
    }

    [Fact]
    public void Floats_and_doubles_are_little_endian_and_keep_special_values()
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3f }, AvroEncoder.Encode(AvroSchema.Float, 1.0f));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0xf0, 0x3f }, AvroEncoder.Encode(AvroSchema.Double, 1.0));
        foreach (var f in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -0.0f, float.MaxValue })
            Assert.Equal(BitConverter.SingleToInt32Bits(f), BitConverter.SingleToInt32Bits((float)RoundTrip(AvroSchema.Float, f)!));
        foreach (var d in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -0.0, double.MinValue })
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits((double)RoundTrip(AvroSchema.Double, d)!));
    }

    [Fact]
    public void Booleans_strings_and_bytes_round_trip()
    {
        Assert.Equal(new byte[] { 1 }, AvroEncoder.Encode(AvroSchema.Boolean, true));
        Assert.Equal(false, RoundTrip(AvroSchema.Boolean, false));
        Assert.Equal(new byte[] { 0 }, AvroEncoder.Encode(AvroSchema.Bytes, Array.Empty<byte>()));
        Assert.Equal(Array.Empty<byte>(), RoundTrip(AvroSchema.Bytes, Array.Empty<byte>()));
        var big = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        Assert.Equal(big, RoundTrip(AvroSchema.Bytes, big));
        Assert.Equal(new byte[] { 0 }, AvroEncoder.Encode(AvroSchema.String, ""));
        // "é" is 2 UTF-8 bytes, the emoji 4: length prefix 6 zig-zagged is 0x0c.
        Assert.Equal(new byte[] { 0x0c, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80 }, AvroEncoder.Encode(AvroSchema.String, "é😀"));
        foreach (var s in new[] { "", "ZTF18abcdefg", "Ω≈ç√∫˜µ≤≥÷", "日本語のテキスト", "a\0b", new string('x', 70_000) })
            Assert.Equal(s, RoundTrip(AvroSchema.String, s));
    }

    [Fact]
    public void Narrower_integers_widen_and_wider_ones_do_not_fit_an_int()
    {
        // Zig-zag varints from the Avro specification: -1 -> 0x01, 64 -> 0x80 0x01.
        Assert.Equal(new byte[] { 0x01 }, AvroEncoder.Encode(AvroSchema.Int, (sbyte)-1));
        Assert.Equal(new byte[] { 0x80, 0x01 }, AvroEncoder.Encode(AvroSchema.Int, (ushort)64));
        Assert.Equal(new byte[] { 0x80, 0x01 }, AvroEncoder.Encode(AvroSchema.Long, 64u));
        Assert.Equal(new byte[] { 0x01 }, AvroEncoder.Encode(AvroSchema.Long, (short)-1));
        Assert.Throws<ArgumentException>(() => AvroEncoder.Encode(AvroSchema.Int, 64L));
        Assert.Throws<ArgumentException>(() => AvroEncoder.Encode(AvroSchema.Int, 64u));
        Assert.Throws<ArgumentException>(() => AvroEncoder.Encode(AvroSchema.Long, 64UL));
    }

    [Fact]
    public void Nullable_unions_put_null_second()
    {
        var schema = AvroSchema.Nullable(AvroSchema.Double);
        Assert.Equal(new byte[] { 0x02 }, AvroEncoder.Encode(schema, null));
        Assert.Equal(new byte[] { 0x00, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f }, AvroEncoder.Encode(schema, 1.0));
        Assert.Null(RoundTrip(schema, null));
        var multi = new AvroUnionSchema([AvroSchema.Null, AvroSchema.Long, AvroSchema.String]);
        Assert.Equal(new byte[] { 0x04, 0x02, (byte)'a' }, AvroEncoder.Encode(multi, "a"));
        Assert.Equal(7L, RoundTrip(multi, 7L));
        Assert.Throws<ArgumentException>(() => AvroEncoder.Encode(multi, 1.5));
        Assert.Throws<ArgumentException>(() => AvroEncoder.Encode(AvroSchema.Double, null));
        Assert.Throws<FormatException>(() => AvroDecoder.Decode(schema, [0x04]));
    }

    [Fact]
    public void A_null_struct_where_the_schema_has_a_plain_record_is_the_record_of_nulls()
    {
        // Fink's schemas write structs as plain records, but real alerts hold null structs (2025's lc_features_g).
        var record = new AvroRecordSchema("topLevelRecord.lc_features_g",
            [new AvroField("mean", AvroSchema.Nullable(AvroSchema.Double)), new AvroField("skew", AvroSchema.Nullable(AvroSchema.Double))]);
        Assert.Equal(new byte[] { 0x02, 0x02 }, AvroEncoder.Encode(record, null));
        Assert.Equal(AvroEncoder.Encode(record, new object?[] { null, null }), AvroEncoder.Encode(record, null));
        // A member that may not be null still refuses it.
        var required = new AvroRecordSchema("r", [new AvroField("n", AvroSchema.Long)]);
        Assert.Throws<ArgumentException>(() => AvroEncoder.Encode(required, null));
    }

    [Fact]
    public void Arrays_are_one_block_then_zero_and_empty_arrays_are_just_zero()
    {
        var schema = new AvroArraySchema(AvroSchema.Long);
        Assert.Equal(new byte[] { 0x00 }, AvroEncoder.Encode(schema, new List<object?>()));
        Assert.Equal(new byte[] { 0x06, 0x02, 0x04, 0x06, 0x00 }, AvroEncoder.Encode(schema, new List<object?> { 1L, 2L, 3L }));
        Assert.Equal(new List<object?> { 1L, 2L, 3L }, RoundTrip(schema, new long[] { 1, 2, 3 }));
    }

    [Fact]
    public void Multi_block_and_negative_count_blocks_decode()
    {
        var schema = new AvroArraySchema(AvroSchema.Long);
        // Block of 2 (1, 2), block of -1 with byte size 1 (3), then end.
        byte[] data = [0x04, 0x02, 0x04, 0x01, 0x02, 0x06, 0x00];
        Assert.Equal(new List<object?> { 1L, 2L, 3L }, AvroDecoder.Decode(schema, data));

        var map = new AvroMapSchema(AvroSchema.Nullable(AvroSchema.String));
        // Block of -2 entries (byte size 8): "a" -> "x", "b" -> null; then end.
        byte[] mapData = [0x03, 0x10, 0x02, (byte)'a', 0x00, 0x02, (byte)'x', 0x02, (byte)'b', 0x02, 0x00];
        var decoded = Assert.IsType<List<KeyValuePair<string, object?>>>(AvroDecoder.Decode(map, mapData));
        Assert.Equal([new("a", "x"), new("b", null)], decoded);
        // Re-encoding writes the canonical single block.
        Assert.Equal(new byte[] { 0x04, 0x02, (byte)'a', 0x00, 0x02, (byte)'x', 0x02, (byte)'b', 0x02, 0x00 }, AvroEncoder.Encode(map, decoded));
    }

    [Fact]
    public void Records_take_avro_records_or_positional_rows()
    {
        var schema = new AvroRecordSchema("topLevelRecord.value",
        [
            new("objectId", AvroSchema.Nullable(AvroSchema.String)),
            new("magpsf", AvroSchema.Nullable(AvroSchema.Float)),
            new("separation_arcsec", AvroSchema.Nullable(AvroSchema.Double)),
        ]);
        var row = new object?[] { "ZTF21aaaaaaa", 18.5f, null };
        var bytes = AvroEncoder.Encode(schema, row);
        var record = AvroDecoder.DecodeRecord(schema, bytes);
        Assert.Equal("ZTF21aaaaaaa", record["objectId"]);
        Assert.Equal(18.5f, record["magpsf"]);
        Assert.Null(record["separation_arcsec"]);
        Assert.Equal(bytes, AvroEncoder.Encode(schema, record));
        Assert.Throws<ArgumentException>(() => AvroEncoder.Encode(schema, new object?[] { "x" }));
        Assert.Throws<FormatException>(() => AvroDecoder.Decode(schema, bytes[..^1]));
        Assert.Throws<FormatException>(() => AvroDecoder.Decode(schema, [.. bytes, 0]));
    }
}
