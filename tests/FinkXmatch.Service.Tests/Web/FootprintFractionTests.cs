using System.Globalization;
using System.Text.Json;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// <c>CatalogInfo.footprint.insideZtfFraction</c> against a brute-force count that does not use SkyCoverage: each
/// 3HSP source (positions parsed by the test) is inside when its nested pixel at some order of the raw MOC JSON
/// (tests/data/ztf_dr7_moc.json) is listed at that order.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FootprintFractionTests(WebFixture service)
{
    [Fact]
    public async Task The_3hsp_fraction_inside_ZTF_equals_a_brute_force_count_against_the_raw_MOC()
    {
        var moc = ReadMoc(TestData.Path("ztf_dr7_moc.json"));
        var positions = ThreeHsp.Positions;
        Assert.Equal(ThreeHsp.Rows, positions.Count);
        var inside = positions.Count(p => moc.Any(level => level.Value.Contains(Healpix.Ang2PixNest(1 << level.Key, p.Ra, p.Dec))));

        var info = await CatalogUpload.UploadThreeHspAsync(service.Client);

        // Most of 3HSP is north of -30°, not all: a fraction of 0 or 1 would not tell a right count from a wrong one.
        Assert.InRange(inside, ThreeHsp.Rows / 2, ThreeHsp.Rows - 100);
        Assert.Equal(inside / (double)ThreeHsp.Rows, info["footprint"]!["insideZtfFraction"]!.GetValue<double>());
    }

    [Fact]
    public async Task The_sky_map_header_gives_the_same_fraction()
    {
        var info = await CatalogUpload.UploadThreeHspAsync(service.Client);
        using var response = await service.Client.GetAsync($"/api/v1/catalogs/{info["catalogId"]}/skymap");
        response.EnsureSuccessStatusCode();
        var header = double.Parse(response.Headers.GetValues("X-Inside-Ztf-Fraction").Single(), CultureInfo.InvariantCulture);
        Assert.Equal(info["footprint"]!["insideZtfFraction"]!.GetValue<double>(), header);
    }

    [Fact]
    public async Task No_fraction_without_guessed_coordinates()
    {
        var info = await CatalogUpload.UploadAsync(service.Client, "name,flux\nA,1.5\nB,2.5\n"u8.ToArray(), "fluxes.csv");
        Assert.Null(info["guess"]!["raColumn"]);
        Assert.True(info.AsObject().ContainsKey("footprint"));
        Assert.Null(info["footprint"]);
    }

    [Fact]
    public async Task A_catalog_entirely_south_of_ZTF_has_fraction_zero()
    {
        var info = await CatalogUpload.UploadAsync(service.Client, "name,ra,dec\nA,10,-80\nB,120.5,-75\nC,250,-88\n"u8.ToArray(), "south.csv");
        Assert.Equal(0.0, info["footprint"]!["insideZtfFraction"]!.GetValue<double>());
    }

    private static Dictionary<int, HashSet<long>> ReadMoc(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var levels = new Dictionary<int, HashSet<long>>();
        foreach (var order in document.RootElement.EnumerateObject())
        {
            levels[int.Parse(order.Name, CultureInfo.InvariantCulture)] = order.Value.EnumerateArray().Select(p => p.GetInt64()).ToHashSet();
        }
        Assert.NotEmpty(levels);
        return levels;
    }
}
