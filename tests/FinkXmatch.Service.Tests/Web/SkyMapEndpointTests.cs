using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using FinkXmatch.Core.Tests.Sky;

namespace FinkXmatch.Service.Tests.Web;

/// <summary><c>GET /api/v1/catalogs/{catalogId}/skymap</c> on the real host.</summary>
[Collection(WebCollection.Name)]
public sealed class SkyMapEndpointTests(WebFixture service)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private HttpClient Client => service.Client;

    [Fact]
    public async Task The_default_is_an_SVG_document_titled_with_the_file_name()
    {
        var id = await ThreeHspIdAsync();
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Contains(svg.Descendants(), e => e.Value.Contains("3hsp.csv", StringComparison.Ordinal));
        // Every source is drawn: one mark per 3HSP row.
        Assert.True(svg.Descendants().Count() > ThreeHsp.Rows, "fewer SVG elements than sources");
    }

    [Fact]
    public async Task Format_png_is_a_PNG_image_1200_pixels_wide_unless_asked_otherwise()
    {
        var id = await ThreeHspIdAsync();
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?format=png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = PngTestDecoder.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1200, png.Width);
        Assert.Equal("IHDR", png.Chunks[0]);
        Assert.InRange(png.Height, 500, 1200);

        using var small = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?format=PNG&width=600");
        Assert.Equal(600, PngTestDecoder.Decode(await small.Content.ReadAsByteArrayAsync()).Width);
    }

    [Fact]
    public async Task The_same_map_asked_twice_is_the_same_bytes()
    {
        var id = await ThreeHspIdAsync();
        var first = await Client.GetByteArrayAsync($"/api/v1/catalogs/{id}/skymap?format=png&width=400");
        var second = await Client.GetByteArrayAsync($"/api/v1/catalogs/{id}/skymap?format=png&width=400");
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("gif", "unknown sky map format 'gif': use format=svg or format=png")]
    [InlineData("jpeg", "unknown sky map format 'jpeg': use format=svg or format=png")]
    public async Task Another_format_is_a_400_problem(string format, string expected)
    {
        var id = await ThreeHspIdAsync();
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?format={format}");
        Assert.Equal(expected, await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_png_width_out_of_range_is_a_400_problem()
    {
        var id = await ThreeHspIdAsync();
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?format=png&width=50000");
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("width 50000 is out of range: a PNG sky map is 300 to 8000 pixels wide", detail);
    }

    [Theory]
    [InlineData("cat-0123456789abcdef0123")]
    [InlineData("not-an-id")]
    public async Task An_unknown_catalog_is_a_404_problem(string catalogId)
    {
        using var response = await Client.GetAsync($"/api/v1/catalogs/{catalogId}/skymap");
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains(catalogId, detail);
    }

    [Fact]
    public async Task Column_overrides_choose_what_is_drawn_and_counted()
    {
        // Two position pairs: north (inside ZTF) and far south (outside).
        var csv = "name,ra_n,dec_n,ra_s,dec_s\nA,150.0,30.0,150.0,-80.0\nB,200.0,45.0,200.0,-85.0\n"u8.ToArray();
        var info = await CatalogUpload.UploadAsync(Client, csv, "two-pairs.csv");
        var id = info["catalogId"]!.GetValue<string>();

        Assert.Equal(1.0, await FractionAsync($"/api/v1/catalogs/{id}/skymap?raColumn=ra_n&decColumn=dec_n"));
        Assert.Equal(0.0, await FractionAsync($"/api/v1/catalogs/{id}/skymap?raColumn=ra_s&decColumn=dec_s&coordinates=degrees"));
    }

    [Fact]
    public async Task An_unknown_column_is_a_400_problem_listing_the_columns()
    {
        var id = await ThreeHspIdAsync();
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?raColumn=RAJ2000");
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("no RA column named 'RAJ2000'", detail);
        Assert.Contains("'R.A.'", detail);
    }

    [Fact]
    public async Task Without_guessed_coordinates_the_answer_says_to_choose_them()
    {
        var info = await CatalogUpload.UploadAsync(Client, "name,flux\nA,1.5\n"u8.ToArray(), "no-coordinates.csv");
        using var response = await Client.GetAsync($"/api/v1/catalogs/{info["catalogId"]}/skymap");
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("no RA and Dec columns could be guessed in no-coordinates.csv: choose them with ?raColumn=...&decColumn=... (columns: name, flux)", detail);
    }

    [Fact]
    public async Task Coordinates_that_do_not_parse_with_the_chosen_columns_are_a_422_problem_naming_the_row()
    {
        var csv = "name,ra,dec,note\nA,10.5,20.0,hello\nB,11.0,21.0,world\n"u8.ToArray();
        var info = await CatalogUpload.UploadAsync(Client, csv, "notes.csv");
        using var response = await Client.GetAsync($"/api/v1/catalogs/{info["catalogId"]}/skymap?decColumn=note");
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("notes.csv, row 1", detail);
        Assert.Contains("note", detail);
    }

    private async Task<double> FractionAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return double.Parse(response.Headers.GetValues("X-Inside-Ztf-Fraction").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> ThreeHspIdAsync() =>
        (await CatalogUpload.UploadThreeHspAsync(Client))["catalogId"]!.GetValue<string>();
}
