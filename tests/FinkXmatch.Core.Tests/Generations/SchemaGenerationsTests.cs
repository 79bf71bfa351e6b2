using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Tests.Generations;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Tests.Generations;

/// <summary>
/// Jobs over four real nights written under four Fink/ZTF schemas (2019, 2020, 2021, 2025): one schema for the whole
/// job, the union of the nights' (Spark's mergeSchema), each night read with its own. Every job is checked against the
/// same job run on each night alone.
/// </summary>
public sealed class SchemaGenerationsTests(GenerationsLake lake) : IClassFixture<GenerationsLake>
{
    // 5" and nearest: each alert finds the source at its own position, so every night has rows.
    private const double Radius = 5;

    public static TheoryData<string?, string?> Choices => new()
    {
        { "light", null },
        { "medium", null },
        { "full", null },
        { null, "prv_candidates" },
        { null, "candidate" },
        { null, "cutoutScience" },
        { null, "candidate.magpsf,tracklet,lc_features_g,DR3Name,brokerIngestTimestamp,timestamp" },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public async Task A_job_over_the_generations_is_the_union_of_its_nights(string? packet, string? fields)
    {
        var options = new XmatchOptions(Radius, MatchMode.Nearest, fields?.Split(','), packet, FirstYear: 2019, LastYear: 2025);
        var jobPath = lake.NewResultPath();
        var (plan, summary) = await EngineRun.ToFileAsync(lake.Root, lake.Catalog, options, jobPath);
        Assert.Equal(4, plan.Shards.Count);
        Assert.Equal(lake.Alerts, summary.Alerts);
        Assert.Equal(lake.Alerts, summary.Matches);

        var nights = new List<ResultTable>();
        foreach (var (night, files) in GenerationsDatalake.Nights)
        {
            // A night alone is asked for the fields it has (the others it would refuse).
            var own = await AlertSchema.ReadAsync(TestData.Path(files[0]));
            var day = DateOnly.ParseExact(night, "yyyy-MM-dd");
            var path = lake.NewResultPath();
            await EngineRun.ToFileAsync(lake.Root, lake.Catalog, options with
            {
                Fields = options.Fields?.Where(f => own.TryFind(f, out _)).ToArray(),
                FirstYear = null, LastYear = null, StartNight = day, StopNight = day,
            }, path);
            nights.Add(await UnionRows.ReadAsync(path));
        }
        Assert.All(nights, n => Assert.NotEmpty(n.Rows));
        var job = await UnionRows.ReadAsync(jobPath);
        UnionRows.AssertUnion(job, nights);
        // The 2021 night lacks columns the others have (DR3Name, lc_features_g, ...).
        if (packet is not null) Assert.True(nights[2].Columns.Count < job.Columns.Count);
    }

    [Fact]
    public async Task Night_parts_of_a_job_share_its_schema_so_they_join_by_copying_their_bytes()
    {
        // As the service writes them: one part per night, each in the job's schema, joined on download.
        var options = new XmatchOptions(Radius, MatchMode.Nearest, Packet: "medium", FirstYear: 2019, LastYear: 2025);
        var whole = lake.NewResultPath();
        var (plan, _) = await EngineRun.ToFileAsync(lake.Root, lake.Catalog, options, whole);
        var parts = new List<string>();
        foreach (var shard in plan.Shards)
        {
            var part = lake.NewResultPath();
            parts.Add(part);
            await using var writer = new ResultParquetWriter(plan.Result.Schema, File.Create(part), rowsPerGroup: 16);
            await new ShardXmatcher(lake.Catalog, new CrossMatcher(HealpixIndex.Build(lake.Catalog.RaDeg, lake.Catalog.DecDeg, Radius), MatchMode.Nearest), plan.Result)
                .RunAsync(shard, (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)));
        }
        var footers = parts.Select(p => ReadFooter(p)).ToArray();
        Assert.NotNull(ParquetFooterMerger.Merge(footers, new long[parts.Count], out _));   // null when schemas differ

        var joined = lake.NewResultPath();
        await using (var output = File.Create(joined)) await ResultPartConcatenator.ConcatenateAsync(parts, output);
        var expected = await UnionRows.ReadAsync(whole);
        var actual = await UnionRows.ReadAsync(joined);
        Assert.Equal(expected.Columns, actual.Columns);
        UnionRows.AssertUnion(actual, [expected]);
    }

    private static byte[] ReadFooter(string path)
    {
        using var handle = File.OpenHandle(path);
        return ParquetFileLayout.ReadFooter(handle).Footer;
    }

    [Fact]
    public async Task The_light_packet_is_the_contract_candidate_fields_and_every_top_level_column_of_any_night()
    {
        var plan = await XmatchPlan.CreateAsync(lake.Root, new XmatchOptions(Radius, Packet: "light", FirstYear: 2019, LastYear: 2025), "id");
        var everyTop = new List<string>();
        foreach (var (night, files) in GenerationsDatalake.Nights)
            foreach (var file in files)
                everyTop.AddRange((await AlertSchema.ReadAsync(TestData.Path(file))).TopLevel.Select(f => f.Path));
        var expected = new[] { "objectId", "candid" }
            // CONTRACT §2: light = candidate.{magpsf, sigmapsf, fid, jd, ra, dec, ssnamenr} + the top-level columns.
            .Concat(new[] { "magpsf", "sigmapsf", "fid", "jd", "ra", "dec", "ssnamenr" }.Select(f => "candidate." + f))
            .Concat(everyTop.Distinct().Where(p => p is not "objectId" and not "candid" and not "candidate" and not "prv_candidates" && !AlertPackets.Cutouts.Contains(p)))
            .ToArray();
        Assert.Equal(expected, plan.Result.Fields.Select(f => f.Path));
        Assert.Contains("tns", expected);             // 2025 only
        Assert.Contains("x4lac", expected);           // 2019, 2020, 2025
        Assert.Contains("tracklet", expected);        // 2021, 2025
    }

    [Fact]
    public async Task Fields_some_nights_lack_are_named_with_those_nights()
    {
        var plan = await XmatchPlan.CreateAsync(lake.Root,
            new XmatchOptions(Radius, Fields: ["tns", "lc_features_g", "candidate.magpsf"], FirstYear: 2019, LastYear: 2025), "id");
        Assert.Equal(
            [
                "field tns missing in nights 2019-09-03, 2020-01-01, 2021-11-03 (null there)",
                "field lc_features_g missing in night 2021-11-03 (null there)",
            ],
            plan.MissingFieldNotes);
    }

    [Fact]
    public async Task A_field_no_night_has_is_refused_before_the_job_with_the_nearest_names()
    {
        var e = await Assert.ThrowsAsync<DatalakeException>(() => XmatchPlan.CreateAsync(lake.Root,
            new XmatchOptions(Radius, Fields: ["anomaly_scor"], FirstYear: 2019, LastYear: 2025), "id"));
        Assert.Contains("'anomaly_scor'", e.Message);
        Assert.Contains("anomaly_score", e.Message);
        // A field of 2025 alone is unknown to a job over 2019-2021.
        e = await Assert.ThrowsAsync<DatalakeException>(() => XmatchPlan.CreateAsync(lake.Root,
            new XmatchOptions(Radius, Fields: ["tns"], FirstYear: 2019, LastYear: 2021), "id"));
        Assert.Contains("'tns'", e.Message);
    }
}
