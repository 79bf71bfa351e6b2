using System.Globalization;
using System.Net;
using System.Xml.Linq;
using FinkXmatch.Core.Sky;
using FinkXmatch.Service.Tests.Lsst;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// <c>GET /api/v1/catalogs/{catalogId}/skymap?survey=&amp;years=|startNight=&amp;stopNight=</c>: where the alerts of the
/// chosen nights are, for either survey, and the fraction of the catalog's sources there
/// (<c>X-Inside-Alerts-Fraction</c>), against positions read with Parquet.Net's own column reader.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SkyMapAlertsTests(WebFixture service)
{
    private const string AlertsHeader = "X-Inside-Alerts-Fraction";
    private const int Nside = 128;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private HttpClient Client => service.Client;

    [Fact]
    public async Task Every_source_beside_a_rubin_alert_lies_where_the_lsst_night_has_alerts()
    {
        var id = await UploadAsync(await RubinNight.CatalogCsvAsync(), "rubin_sources.csv");
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?survey=lsst&startNight={RubinNight.Night}&stopNight={RubinNight.Night}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1.0, Fraction(response, AlertsHeader));
        Assert.True(response.Headers.Contains("X-Inside-Ztf-Fraction"), "the contract's header is kept");
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        // LSST has no published footprint here: the alerts' coverage is the only area drawn.
        Assert.DoesNotContain(svg.Descendants(), e => (string?)e.Attribute("id") == "footprint");
        Assert.NotEmpty((string)svg.Descendants().Single(e => (string?)e.Attribute("id") == "alerts").Attribute("d")!);
        Assert.Equal(RubinNight.Alerts, svg.Descendants().Single(e => (string?)e.Attribute("id") == "sources-inside").Elements().Count());
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value.StartsWith("where they have alerts: 27 of 27 sources", StringComparison.Ordinal));

        // Computed once, kept under the data directory (not in the datalake): by this map's scan of the night, or by the
        // scan of a job over it (the browser test's), beside the night's sky index.
        Assert.True(File.Exists(Path.Combine(service.DataDirectory, "occupancy", "lsst", RubinNight.Night + ".bin"))
            || File.Exists(Path.Combine(service.DataDirectory, "index", "lsst", RubinNight.Night + ".occupancy")));
        Assert.Empty(Directory.EnumerateFiles(service.LsstDatalake, "*.bin", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_catalog_at_the_south_pole_lies_where_no_rubin_alert_is()
    {
        var id = await UploadAsync("name,ra,dec\nP1,0.0,-89.5\nP2,120.0,-88.0\n", "pole.csv");
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?survey=lsst&format=png&width=600");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0.0, Fraction(response, AlertsHeader));
        Assert.Equal(0.0, Fraction(response, "X-Inside-Ztf-Fraction"));
    }

    [Fact]
    public async Task The_3hsp_fraction_is_the_share_of_sources_in_a_pixel_holding_an_alert_of_the_chosen_ztf_nights()
    {
        var id = await UploadAsync(await File.ReadAllTextAsync(ThreeHsp.FilePath), "3hsp.csv");
        var first = ServiceFixture.FirstNight.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var alertPixels = await ZtfAlertPixelsAsync(first);
        var expected = ThreeHsp.Positions.Count(p => alertPixels.Contains(Healpix.Ang2PixNest(Nside, p.Ra, p.Dec))) / (double)ThreeHsp.Rows;
        Assert.InRange(expected, 0.05, 0.5); // a tenth of 3HSP has a counterpart planted over the two nights

        using var oneNight = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?survey=ztf&startNight={first}&stopNight={first}");
        Assert.Equal(HttpStatusCode.OK, oneNight.StatusCode);
        Assert.Equal(expected, Fraction(oneNight, AlertsHeader), 1e-12);
        var svg = XDocument.Parse(await oneNight.Content.ReadAsStringAsync());
        Assert.Contains(svg.Descendants(), e => (string?)e.Attribute("id") == "footprint");
        Assert.Contains(svg.Descendants(), e => (string?)e.Attribute("id") == "alerts");

        // The year (both generated nights, and the real 2025 night the web fixture adds) reaches more sources than
        // the first night alone.
        using var year = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?years={ServiceFixture.FirstNight.Year}");
        var bothPixels = await ZtfAlertPixelsAsync(null);
        var both = ThreeHsp.Positions.Count(p => bothPixels.Contains(Healpix.Ang2PixNest(Nside, p.Ra, p.Dec))) / (double)ThreeHsp.Rows;
        Assert.Equal(both, Fraction(year, AlertsHeader), 1e-12);
        Assert.True(both > expected, $"{both} over the year, {expected} over its first night");
    }

    [Fact]
    public async Task Without_survey_or_nights_the_map_is_the_contract_s_footprint_map()
    {
        var id = await UploadAsync(await File.ReadAllTextAsync(ThreeHsp.FilePath), "3hsp.csv");
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(AlertsHeader));
        Assert.Equal(0.8, Fraction(response, "X-Inside-Ztf-Fraction"), 0.005);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(svg.Descendants(), e => (string?)e.Attribute("id") == "alerts");
    }

    [Theory]
    [InlineData("years=20x5", HttpStatusCode.BadRequest, "years must be a year YYYY or a range YYYY-YYYY, got '20x5'")]
    [InlineData("years=2025-", HttpStatusCode.BadRequest, "years must be a year YYYY or a range YYYY-YYYY, got '2025-'")]
    [InlineData("startNight=2025-07-01", HttpStatusCode.BadRequest, "stopNight is missing: a night range needs both startNight and stopNight (YYYY-MM-DD)")]
    [InlineData("startNight=01/07/2025&stopNight=2025-07-02", HttpStatusCode.BadRequest, "startNight must be a night YYYY-MM-DD, got '01/07/2025'")]
    [InlineData("years=2025&startNight=2025-07-01&stopNight=2025-07-02", HttpStatusCode.BadRequest, "give either years or startNight and stopNight, not both")]
    [InlineData("survey=hst", HttpStatusCode.UnprocessableEntity, "unknown survey 'hst': use \"ztf\" or \"lsst\"")]
    [InlineData("survey=ztf&years=2018", HttpStatusCode.UnprocessableEntity, "no night in years 2018-2018: the datalake holds 6 nights from 2019-09-03 to 2025-07-02")]
    [InlineData("survey=lsst&years=2027-2026", HttpStatusCode.UnprocessableEntity, "years 2027-2026 are reversed: give the earlier year first, e.g. 2026-2027")]
    public async Task Bad_nights_are_a_problem_naming_the_parameter(string query, HttpStatusCode status, string expected)
    {
        var id = await UploadAsync("name,ra,dec\nA,10.0,20.0\n", "one.csv");
        using var response = await Client.GetAsync($"/api/v1/catalogs/{id}/skymap?{query}");
        Assert.Equal(expected, await ProblemAssert.IsProblemAsync(response, status));
    }

    // The order-7 pixels of the ZTF datalake's alerts (one night, or all), positions read with Parquet.Net's column reader.
    private async Task<HashSet<long>> ZtfAlertPixelsAsync(string? night)
    {
        var pixels = new HashSet<long>();
        var folder = night is null ? Path.Combine(service.Datalake, $"year={ServiceFixture.FirstNight.Year}")
            : Path.Combine(service.Datalake, $"year={night[..4]}", $"month={night[5..7]}", $"day={night[8..]}");
        var alerts = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories))
        {
            await using var reader = await ParquetReader.CreateAsync(path);
            var fields = reader.Schema.GetDataFields();
            DataField Field(string p) => fields.Single(f => f.Path.ToString() == p);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.RowGroups[g];
                var rows = (int)group.RowCount;
                var ra = new double[rows];
                var dec = new double[rows];
                var levels = new int[rows];
                await group.ReadRawAsync<double>(Field("candidate/ra"), ra.AsMemory(), levels.AsMemory(), null, default);
                await group.ReadRawAsync<double>(Field("candidate/dec"), dec.AsMemory(), levels.AsMemory(), null, default);
                for (var i = 0; i < rows; i++) pixels.Add(Healpix.Ang2PixNest(Nside, ra[i], dec[i]));
                alerts += rows;
            }
        }
        Assert.InRange(pixels.Count, 100, alerts);
        return pixels;
    }

    private static double Fraction(HttpResponseMessage response, string header) =>
        double.Parse(response.Headers.GetValues(header).Single(), CultureInfo.InvariantCulture);

    private async Task<string> UploadAsync(string csv, string fileName) =>
        (await CatalogUpload.UploadAsync(Client, System.Text.Encoding.UTF8.GetBytes(csv), fileName))["catalogId"]!.GetValue<string>();
}
