using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Tests.Generations;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace FinkXmatch.Core.Tests.Generations;

/// <summary>
/// Nights whose structs and lists of structs have different members (added, dropped, reordered), and a night that
/// gives a field another type: small alert files written for the purpose with Parquet.Net's serializer.
/// </summary>
public sealed class NestedMergeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-nested-merge-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly DataField Candid = new("candid", typeof(long), true);
    private static readonly DataField ObjectId = new("objectId", typeof(string), true);

    // Night 1: candidate {ra, dec, magpsf}, prv_candidates [{jd, magpsf}], old.
    private static ParquetSchema First() => new(Candid, ObjectId,
        new StructField("candidate", new DataField("ra", typeof(double), true), new DataField("dec", typeof(double), true), new DataField("magpsf", typeof(float), true)),
        new ListField("prv_candidates", new StructField("element", new DataField("jd", typeof(double), true), new DataField("magpsf", typeof(float), true))),
        new DataField("old", typeof(string), true));

    // Night 2: candidate {drb, dec, ra} (magpsf dropped, drb added, reordered), prv_candidates [{fid, jd}], extra {a}.
    private static ParquetSchema Second() => new(ObjectId, Candid,
        new StructField("candidate", new DataField("drb", typeof(float), true), new DataField("dec", typeof(double), true), new DataField("ra", typeof(double), true)),
        new ListField("prv_candidates", new StructField("element", new DataField("fid", typeof(int), true), new DataField("jd", typeof(double), true))),
        new StructField("extra", new DataField("a", typeof(int), true)));

    private static Dictionary<string, object?> Candidate(params (string Key, object? Value)[] members) => members.ToDictionary(m => m.Key, m => m.Value);

    private async Task WriteAsync(string night, ParquetSchema schema, IReadOnlyCollection<IDictionary<string, object?>> rows)
    {
        var day = Path.Combine(_root, $"year={night[..4]}", $"month={night[5..7]}", $"day={night[8..]}");
        Directory.CreateDirectory(day);
        await using var file = File.Create(Path.Combine(day, "part-0.parquet"));
        await ParquetSerializer.SerializeUntypedAsync(rows, schema, file);
    }

    private async Task WriteTwoNightsAsync()
    {
        await WriteAsync("2024-01-01", First(),
        [
            new Dictionary<string, object?>
            {
                ["candid"] = 1L, ["objectId"] = "ZTF-a",
                ["candidate"] = Candidate(("ra", 10.0), ("dec", 20.0), ("magpsf", 18.5f)),
                ["prv_candidates"] = new List<IDictionary<string, object?>> { Candidate(("jd", 1.5), ("magpsf", 19f)), Candidate(("jd", 2.5), ("magpsf", null)) },
                ["old"] = "kept",
            },
        ]);
        await WriteAsync("2024-01-02", Second(),
        [
            new Dictionary<string, object?>
            {
                ["objectId"] = "ZTF-b", ["candid"] = 2L,
                ["candidate"] = Candidate(("drb", 0.9f), ("dec", 20.0), ("ra", 10.0)),
                ["prv_candidates"] = new List<IDictionary<string, object?>> { Candidate(("fid", 2), ("jd", 3.5)) },
                ["extra"] = Candidate(("a", 7)),
            },
        ]);
    }

    private static SourceCatalog OneSource() => new("one.csv", "id", [10.0], [20.0], ["s"]);

    [Fact]
    public async Task Structs_and_lists_of_structs_take_the_union_of_their_members_missing_ones_null()
    {
        await WriteTwoNightsAsync();
        var options = new XmatchOptions(2, MatchMode.Nearest, ["candidate", "prv_candidates", "old", "extra"]);
        var plan = await XmatchPlan.CreateAsync(_root, options, "id");
        Assert.Equal(["ra", "dec", "magpsf", "drb"], plan.Schema.Find("candidate").Children.Select(c => c.Name));
        Assert.Equal(["jd", "magpsf", "fid"], plan.Schema.Find("prv_candidates").Children.Select(c => c.Name));
        Assert.Equal(["2024-01-02"], plan.Schema.NightsWithout(plan.Schema.Find("candidate.magpsf")));
        Assert.Equal(["2024-01-01"], plan.Schema.NightsWithout(plan.Schema.Find("extra")));
        Assert.Equal(
            [
                "fields candidate.magpsf, prv_candidates.magpsf, old missing in night 2024-01-02 (null there)",
                "fields candidate.drb, prv_candidates.fid, extra missing in night 2024-01-01 (null there)",
            ],
            plan.MissingFieldNotes);

        // The struct every night has stays a plain record, as Fink writes it; the one a night lacks may be null.
        var schema = plan.Result.Schema;
        Assert.IsType<AvroRecordSchema>(schema.Fields[schema.IndexOf("candidate")].Schema);
        Assert.IsType<AvroUnionSchema>(schema.Fields[schema.IndexOf("extra")].Schema);

        var path = Path.Combine(_root, "result.parquet");
        await EngineRun.ToFileAsync(_root, OneSource(), options, path);
        var rows = (await UnionRows.ReadAsync(path)).Rows;
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        AssertRecord(Candidate(("ra", 10.0), ("dec", 20.0), ("magpsf", 18.5f), ("drb", null)), first["candidate"]);
        var firstHistory = ((System.Collections.IList)first["prv_candidates"]!).Cast<IDictionary<string, object?>>().ToArray();
        AssertRecord(Candidate(("jd", 1.5), ("magpsf", 19f), ("fid", null)), firstHistory[0]);
        AssertRecord(Candidate(("jd", 2.5), ("magpsf", null), ("fid", null)), firstHistory[1]);
        Assert.Equal("kept", first["old"]);
        Assert.Null(first.TryGetValue("extra", out var extra) ? extra : null);
        var second = rows[1];
        AssertRecord(Candidate(("ra", 10.0), ("dec", 20.0), ("magpsf", null), ("drb", 0.9f)), second["candidate"]);
        AssertRecord(Candidate(("jd", 3.5), ("magpsf", null), ("fid", 2)),
            ((System.Collections.IList)second["prv_candidates"]!).Cast<IDictionary<string, object?>>().Single());
        Assert.Null(second.TryGetValue("old", out var old) ? old : null);
        AssertRecord(Candidate(("a", 7)), second["extra"]);

        // The file holds every member, as Apache Parquet C++ sees it.
        using var standard = new ParquetSharp.ParquetFileReader(path);
        var columns = Enumerable.Range(0, standard.FileMetaData.Schema.NumColumns)
            .Select(i => standard.FileMetaData.Schema.Column(i).Path.ToDotString()).ToArray();
        Assert.Equal(["objectId", "candid", "candidate.ra", "candidate.dec", "candidate.magpsf", "candidate.drb",
            "prv_candidates.list.element.jd", "prv_candidates.list.element.magpsf", "prv_candidates.list.element.fid",
            "old", "extra.a", "separation_arcsec", "id"], columns);
    }

    // Parquet.Net's untyped reader leaves null struct members out of its dictionaries: absent reads as null.
    private static void AssertRecord(IDictionary<string, object?> expected, object? actual)
    {
        var record = Assert.IsAssignableFrom<IDictionary<string, object?>>(actual);
        Assert.Empty(record.Keys.Except(expected.Keys));
        foreach (var (key, value) in expected) Assert.Equal(value, record.TryGetValue(key, out var got) ? got : null);
    }

    [Fact]
    public async Task A_field_two_nights_give_different_types_is_refused_naming_the_field_the_nights_and_the_types()
    {
        await WriteTwoNightsAsync();
        var conflicting = new ParquetSchema(Candid, ObjectId,
            new StructField("candidate", new DataField("ra", typeof(double), true), new DataField("dec", typeof(double), true), new DataField("magpsf", typeof(string), true)));
        await WriteAsync("2024-01-03", conflicting,
            [new Dictionary<string, object?> { ["candid"] = 3L, ["objectId"] = "ZTF-c", ["candidate"] = Candidate(("ra", 1.0), ("dec", 2.0), ("magpsf", "bright")) }]);
        var e = await Assert.ThrowsAsync<DatalakeException>(() => XmatchPlan.CreateAsync(_root, new XmatchOptions(2), "id"));
        Assert.Equal("alert field 'candidate.magpsf' is float in night 2024-01-01 but string in night 2024-01-03: " +
                     "a job cannot span both, choose nights on one side (years, or startNight/stopNight)", e.Message);
        // Without the conflicting night the job runs.
        await XmatchPlan.CreateAsync(_root, new XmatchOptions(2, StartNight: new DateOnly(2024, 1, 1), StopNight: new DateOnly(2024, 1, 2)), "id");
    }
}
