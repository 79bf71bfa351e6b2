using FinkXmatch.Api.Catalogs;

namespace FinkXmatch.Service.Tests;

public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("3hsp.csv", "3hsp.csv")]
    [InlineData("../../etc/passwd.csv", "passwd.csv")]
    [InlineData("C:\\Users\\me\\cat.fits", "cat.fits")]
    [InlineData("a\u0000b\nc\u007f.csv", "abc.csv")]
    [InlineData("  spaced name.tsv  ", "spaced name.tsv")]
    [InlineData("..", "catalog")]
    [InlineData("dir/", "catalog")]
    [InlineData(null, "catalog")]
    public void Keeps_only_a_safe_last_segment(string? client, string expected) =>
        Assert.Equal(expected, UploadFileName.Clean(client));

    [Fact]
    public void A_long_name_is_cut_keeping_its_extension()
    {
        var cleaned = UploadFileName.Clean(new string('x', 500) + ".parquet");
        Assert.Equal(200, cleaned.Length);
        Assert.EndsWith("x.parquet", cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_ids_are_fresh_and_recognised()
    {
        var a = CatalogIds.New();
        var b = CatalogIds.New();
        Assert.NotEqual(a, b);
        Assert.True(CatalogIds.IsWellFormed(a));
        Assert.False(CatalogIds.IsWellFormed("cat-../../../etc/passwd"));
        Assert.False(CatalogIds.IsWellFormed(a.ToUpperInvariant()));
    }
}
