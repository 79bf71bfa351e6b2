using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Tests.Datalake;

public sealed class AlertSchemaTests
{
    private static readonly AlertSchema Schema = AlertSchema.ReadAsync(SampleFiles.Part2).GetAwaiter().GetResult();

    private static readonly string[] TopLevel =
    [
        "candid", "schemavsn", "publisher", "objectId", "candidate", "prv_candidates", "cutoutScience", "cutoutTemplate",
        "cutoutDifference", "timestamp", "cdsxmatch", "rf_snia_vs_nonia", "snn_snia_vs_nonia", "snn_sn_vs_all", "roid",
        "nalerthist", "rf_kn_vs_nonkn", "fink_broker_version", "fink_science_version", "tracklet", "mulens",
    ];

    [Fact]
    public void ListsTopLevelColumnsInFileOrder() => Assert.Equal(TopLevel, Schema.TopLevel.Select(f => f.Path));

    [Theory]
    [InlineData("objectId", "string", AlertFieldKind.Leaf)]
    [InlineData("candid", "long", AlertFieldKind.Leaf)]
    [InlineData("candidate", "struct", AlertFieldKind.Struct)]
    [InlineData("candidate.magpsf", "float", AlertFieldKind.Leaf)]
    [InlineData("candidate.ra", "double", AlertFieldKind.Leaf)]
    [InlineData("candidate.fid", "integer", AlertFieldKind.Leaf)]
    [InlineData("candidate.ssnamenr", "string", AlertFieldKind.Leaf)]
    [InlineData("prv_candidates", "array<struct>", AlertFieldKind.List)]
    [InlineData("prv_candidates.jd", "double", AlertFieldKind.Leaf)]
    [InlineData("cutoutScience", "struct", AlertFieldKind.Struct)]
    [InlineData("cutoutScience.stampData", "binary", AlertFieldKind.Leaf)]
    [InlineData("cutoutDifference.fileName", "string", AlertFieldKind.Leaf)]
    [InlineData("timestamp", "timestamp", AlertFieldKind.Leaf)]
    [InlineData("mulens", "double", AlertFieldKind.Leaf)]
    public void ResolvesPathsWithTheirTypes(string path, string type, AlertFieldKind kind)
    {
        var field = Schema.Find(path);
        Assert.Equal(path, field.Path);
        Assert.Equal(type, field.TypeName);
        Assert.Equal(kind, field.Kind);
    }

    [Fact]
    public void PathsAndTypesEqualTheSparkSchemaStoredInTheFile()
    {
        // Independent reference: the Spark SQL schema JSON that wrote the file, in its key-value metadata.
        var expected = SparkSchema.Paths(SparkSchema.RowMetadata(SampleFiles.Part2)).ToArray();
        Assert.Equal(expected, Schema.AllFields.Select(f => (f.Path, f.TypeName, f.IsNullable)));
        Assert.Equal(182, Schema.AllFields.Count(f => f.Kind == AlertFieldKind.Leaf));
        Assert.True(Schema.Find("prv_candidates.jd").IsInsideList);
        Assert.False(Schema.Find("candidate.jd").IsInsideList);
    }

    [Fact]
    public void ResolveKeepsOrderAndDropsDuplicates()
    {
        var fields = Schema.Resolve(["candidate.magpsf", "objectId", "candidate.magpsf", " candid "]);
        Assert.Equal(["candidate.magpsf", "objectId", "candid"], fields.Select(f => f.Path));
    }

    [Fact]
    public void UnknownFieldsAreListedWithNearMisses()
    {
        var message = Assert.Throws<DatalakeException>(() => Schema.Resolve(["magpsf", "candidate.rra", "objectid", "zzzzzzzz"])).Message;
        Assert.Contains("'magpsf' (did you mean candidate.magpsf", message);
        Assert.Contains("'candidate.rra' (did you mean candidate.ra", message);
        Assert.Contains("'objectid' (did you mean objectId", message);
        Assert.Contains("'zzzzzzzz'", message);
        Assert.DoesNotContain("'zzzzzzzz' (", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void FullPacketIsEveryTopLevelColumn() => Assert.Equal(TopLevel, Schema.Fields("full").Select(f => f.Path));

    [Fact]
    public void MediumPacketDropsTheThreeCutouts() =>
        Assert.Equal(TopLevel.Where(p => !p.StartsWith("cutout", StringComparison.Ordinal)), Schema.Fields("medium").Select(f => f.Path));

    [Fact]
    public void LightPacketKeepsSevenCandidateFieldsAndFlatTopLevelColumns()
    {
        string[] expected =
        [
            "candidate.magpsf", "candidate.sigmapsf", "candidate.fid", "candidate.jd", "candidate.ra", "candidate.dec",
            "candidate.ssnamenr", "candid", "schemavsn", "publisher", "objectId", "timestamp", "cdsxmatch", "rf_snia_vs_nonia",
            "snn_snia_vs_nonia", "snn_sn_vs_all", "roid", "nalerthist", "rf_kn_vs_nonkn", "fink_broker_version",
            "fink_science_version", "tracklet", "mulens",
        ];
        Assert.Equal(expected, Schema.Fields("LIGHT").Select(f => f.Path));
    }

    [Fact]
    public void UnknownPacketIsAnError() =>
        Assert.Contains("light, medium, full", Assert.Throws<DatalakeException>(() => Schema.Fields("huge")).Message);
}
