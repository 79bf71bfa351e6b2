using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>Which datalake a request gets: by survey, the one served, or ZTF when both are; a single datalake's survey told by its files.</summary>
public sealed class SurveyDatalakesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fxm-surveys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_single_datalake_is_served_as_the_survey_its_files_hold()
    {
        var lsst = Path.Combine(_root, "lsst");
        RubinLake.LayOut(lsst);
        var datalakes = new SurveyDatalakes(lsst, null);
        Assert.Same(Survey.Lsst, SurveyDatalakes.Detect(lsst));
        Assert.Equal([(Survey.Lsst, lsst)], datalakes.All);
        Assert.Equal((Survey.Lsst, lsst), datalakes.Choose(null));
        Assert.Equal((Survey.Lsst, lsst), datalakes.Choose(Survey.Lsst));
    }

    [Fact]
    public void With_both_served_no_survey_means_ztf_and_each_survey_its_own()
    {
        var datalakes = new SurveyDatalakes(null, new Dictionary<string, string> { ["LSST"] = "/fink/lsst", ["ztf"] = "/fink/ztf" });
        Assert.Equal([(Survey.Ztf, "/fink/ztf"), (Survey.Lsst, "/fink/lsst")], datalakes.All);
        Assert.Equal((Survey.Ztf, "/fink/ztf"), datalakes.Choose(null));
        Assert.Equal((Survey.Lsst, "/fink/lsst"), datalakes.Choose(Survey.Lsst));
    }

    [Fact]
    public void A_survey_without_a_datalake_here_is_refused_naming_what_is_served()
    {
        var datalakes = new SurveyDatalakes(null, new Dictionary<string, string> { ["lsst"] = "/fink/lsst" });
        var error = Assert.Throws<XmatchRequestException>(() => datalakes.Choose(Survey.Ztf));
        Assert.Equal("no ZTF datalake is configured here: this service serves LSST", error.Message);
        Assert.Throws<DatalakeException>(() => new SurveyDatalakes(null, new Dictionary<string, string> { ["gaia"] = "/x" }));
        Assert.Throws<InvalidOperationException>(() => new SurveyDatalakes(null, null).Choose(null));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
