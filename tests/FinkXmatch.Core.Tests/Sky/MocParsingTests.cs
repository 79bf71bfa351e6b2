using System.Text;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>JSON MOC validation and normalisation of small hand-made MOCs.</summary>
public class MocParsingTests
{
    private static SkyCoverage Parse(string json) => SkyCoverage.FromJson(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("not json")]
    [InlineData("{\"1\": [1]} {}")]
    [InlineData("{\"1\": [1]")]
    [InlineData("{\"30\": [1]}")]
    [InlineData("{\"-1\": [1]}")]
    [InlineData("{\"x\": [1]}")]
    [InlineData("{\" 1\": [1]}")]
    [InlineData("{\"1\": [48]}")]
    [InlineData("{\"1\": [-1]}")]
    [InlineData("{\"1\": [1.5]}")]
    [InlineData("{\"1\": [\"3\"]}")]
    [InlineData("{\"1\": 3}")]
    [InlineData("{\"12\": []}")] // valid MOC, finer than the bitmap
    public void RejectsInvalidMocs(string json)
    {
        var e = Assert.Throws<MocFormatException>(() => Parse(json));
        Assert.StartsWith("MOC", e.Message);
    }

    [Fact]
    public void IndexErrorNamesTheOrderAndIndex()
    {
        var e = Assert.Throws<MocFormatException>(() => Parse("{\"2\": [0, 192]}"));
        Assert.Contains("order 2", e.Message);
        Assert.Contains("192", e.Message);
    }

    [Fact]
    public void OverlappingAndRepeatedCellsCountOnce()
    {
        var moc = Parse("{\"0\": [0], \"1\": [0, 1, 1, 4], \"2\": [3, 16]}");
        Assert.Equal(2, moc.Order);
        // Base pixel 0 (16 order-2 pixels) + order-1 pixel 4 (4) = 20; the others lie inside base pixel 0.
        Assert.Equal(20, moc.CoveredPixelCount);
        Assert.Equal(20 / 192.0, moc.SkyFraction, 1e-15);
    }

    [Fact]
    public void EmptyListsDeclareTheOrderAndEmptyMocIsEmpty()
    {
        var moc = Parse("{\"0\": [11], \"3\": []}");
        Assert.Equal(3, moc.Order);
        Assert.Equal(1 / 12.0, moc.SkyFraction, 1e-15);
        var (ra, dec) = Healpix.Pix2AngNest(1, 11);
        Assert.True(moc.Contains(ra, dec));
        var (ra0, dec0) = Healpix.Pix2AngNest(1, 0);
        Assert.False(moc.Contains(ra0, dec0));
        var empty = Parse("{}");
        Assert.Equal(0, empty.CoveredPixelCount);
        Assert.False(empty.Contains(ra, dec));
    }

    [Fact]
    public void WholeSkyAtOrderZero()
    {
        var moc = Parse("{\"0\": [0,1,2,3,4,5,6,7,8,9,10,11]}");
        Assert.Equal(1.0, moc.SkyFraction);
        Assert.True(moc.Contains(0, -90));
        Assert.True(moc.Contains(359.9, 90));
    }
}
