using FinkXmatch.Core.Avro;
using Parquet.Schema;

namespace FinkXmatch.Core.Tests.Kafka;

/// <summary>
/// A result schema shaped like a real one (CONTRACT §3) with nested pieces, built by <see cref="AvroSchemaBuilder"/>:
/// objectId, candid, magpsf (flattened leaf), candidate (whole struct), prv_candidates (list of structs),
/// cutout (bytes), separation_arcsec, and the catalog id; plus deterministic rows for it.
/// </summary>
internal static class ResultRowsFixture
{
    public static readonly AvroRecordSchema Schema = AvroSchemaBuilder.Build(Columns());

    private static IEnumerable<ResultColumn> Columns()
    {
        var candidate = new StructField("candidate", new DataField<double>("jd"), new DataField<float?>("magpsf"), new DataField<int>("fid"));
        var prv = new ListField("prv_candidates", new StructField("element", new DataField<double>("jd"), new DataField<float?>("magpsf")));
        var lake = new ParquetSchema(new DataField<string>("objectId"), new DataField<long>("candid"), candidate, prv,
            new DataField<byte[]>("cutoutScience"));
        yield return ResultColumn.FromParquet(lake, "objectId");
        yield return ResultColumn.FromParquet(lake, "candid");
        yield return ResultColumn.FromParquet(lake, "candidate.magpsf");
        yield return ResultColumn.FromParquet(lake, "candidate");
        yield return ResultColumn.FromParquet(lake, "prv_candidates");
        yield return ResultColumn.FromParquet(lake, "cutoutScience");
        yield return ResultColumn.Extra("separation_arcsec", AvroType.Double);
        yield return ResultColumn.Extra("ID", AvroType.String);
    }

    /// <summary>Rows of one shard; <paramref name="shard"/> makes objectIds unique across shards.</summary>
    public static List<object?[]> Rows(int shard, int count) => Enumerable.Range(0, count).Select(i =>
    {
        var n = shard * 100_000 + i;
        float? mag = i % 7 == 3 ? null : 15f + i * 0.01f;
        var prv = new List<object?>();
        for (var k = 0; k < i % 3; k++) prv.Add(new object?[] { 2460000.5 + k, k == 1 ? null : 18.25f - k });
        return new object?[]
        {
            $"ZTF25{n:D7}",
            1_000_000_000L + n,
            mag,
            new object?[] { 2460857.5 + i / 1000.0, mag, 1 + i % 2 },
            i % 5 == 4 ? null : prv,
            i % 4 == 0 ? null : new byte[] { (byte)i, 0, 255, (byte)shard },
            i * 0.001,
            i % 9 == 8 ? null : $"src-{n}",
        };
    }).ToList();
}
