using System.Text.Json;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Core.Tests.Xmatch;
using ParquetSharp;

namespace FinkXmatch.Core.Tests.SkyIndex;

/// <summary>
/// Region queries (a MOC) equal a brute-force membership test of every alert; a search's answer reads back the same as
/// JSON, CSV and Parquet (Parquet C++); bad arguments are refused naming the argument.
/// </summary>
public sealed class RegionAndOutputTests(PlantedDatalake lake) : IClassFixture<PlantedDatalake>, IDisposable
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), $"fxm-region-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_index)) Directory.Delete(_index, recursive: true);
    }

    [Fact]
    public async Task A_moc_of_several_orders_finds_every_alert_inside_it_and_no_other()
    {
        // Cells at orders 3, 9 and 11 around the poles, on RA 0/360 and on face corners, where the planted alerts crowd.
        var cells = new Dictionary<int, HashSet<long>> { [3] = [], [9] = [], [11] = [] };
        cells[3].Add(Healpix.Ang2PixNest(1 << 3, 0, 90));
        foreach (var (_, ra, dec) in ReferenceCatalogs.EdgeSources.Where(e => e.Dec < 80))
        {
            cells[9].Add(Healpix.Ang2PixNest(1 << 9, ra, dec));
            cells[11].Add(Healpix.Ang2PixNest(1 << 11, ra + 0.01, dec));
        }
        var moc = JsonSerializer.Serialize(cells.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value.Order().ToArray()));
        var arguments = SkySearchArguments.Region(name => name == "moc" ? moc : null);

        var result = await new SkySearcher(new SkyIndexStore(_index)).SearchAsync(lake.Root, Survey.Ztf, arguments.Shape, null, null);

        bool Inside(double ra, double dec) => cells.Any(kv => kv.Value.Contains(Healpix.Ang2PixNest(1 << kv.Key, ra, dec)));
        var expected = ReferenceAlerts.ReadAll(lake.Root).Where(a => Inside(a.Ra, a.Dec)).Select(a => a.Candid).Order().ToArray();
        Assert.True(expected.Length > 10);
        Assert.Equal(expected, result.Rows.Select(r => (long)r[1]!).Order());
        Assert.False(result.HasSeparation);
        Assert.Equal(["objectId", "candid", "ra", "dec", "jd"], result.ColumnNames);
    }

    [Fact]
    public async Task An_answer_reads_back_the_same_as_json_csv_and_parquet()
    {
        var result = await new SkySearcher(new SkyIndexStore(_index)).SearchAsync(lake.Root, Survey.Ztf, new ConeShape(0, 90, 18_000), null,
            ["candidate.magpsf", "candidate.fid"]);
        Assert.True(result.Rows.Count > 5);
        var candids = result.Rows.Select(r => (long)r[1]!).ToArray();
        var separations = result.Rows.Select(r => (double)r[^1]!).ToArray();

        using var json = new MemoryStream();
        await SkySearchOutput.WriteAsync(result, SkySearchFormat.Json, json);
        var parsed = JsonDocument.Parse(json.ToArray()).RootElement.EnumerateArray().ToArray();
        Assert.Equal(candids, parsed.Select(p => p.GetProperty("candid").GetInt64()));
        Assert.Equal(separations, parsed.Select(p => p.GetProperty("separation_arcsec").GetDouble()));
        Assert.Equal(result.Rows.Select(r => (double)(float)r[5]!), parsed.Select(p => (double)(float)p.GetProperty("magpsf").GetDouble()));

        using var csv = new MemoryStream();
        await SkySearchOutput.WriteAsync(result, SkySearchFormat.Csv, csv);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("objectId,candid,ra,dec,jd,magpsf,fid,separation_arcsec", lines[0]);
        Assert.Equal(candids, lines.Skip(1).Select(l => long.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(separations, lines.Skip(1).Select(l => double.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture)));

        var path = Path.Combine(Directory.CreateDirectory(_index).FullName, "answer.parquet");
        await using (var file = File.Create(path)) await SkySearchOutput.WriteAsync(result, SkySearchFormat.Parquet, file);
        using var reader = new ParquetFileReader(path);
        using var group = reader.RowGroup(0);
        Assert.Equal(candids.Length, group.MetaData.NumRows);
        Assert.Equal(candids, group.Column(1).LogicalReader<long?>().ReadAll(candids.Length).Select(c => c!.Value));
        Assert.Equal(separations, group.Column(7).LogicalReader<double>().ReadAll(candids.Length));
    }

    [Fact]
    public async Task An_answer_as_svg_is_the_sky_map_with_one_mark_per_alert_coloured_by_the_ztf_footprint()
    {
        var result = await new SkySearcher(new SkyIndexStore(_index)).SearchAsync(lake.Root, Survey.Ztf, new ConeShape(0, 90, 18_000), null, null);
        using var svg = new MemoryStream();
        await SkySearchOutput.WriteAsync(result, SkySearchFormat.Svg, svg);
        Assert.Equal("image/svg+xml", SkySearchOutput.MediaType(SkySearchOutput.ParseFormat("svg")));

        var map = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(svg.ToArray()));
        int Marks(string group) => map.Descendants().Single(e => (string?)e.Attribute("id") == group).Elements().Count(e => e.Name.LocalName == "circle");
        var inside = result.Rows.Count(r => FinkXmatch.Core.Sky.Moc.SkyCoverage.Ztf.Contains((double)r[2]!, (double)r[3]!));
        Assert.True(result.Rows.Count > 5);
        Assert.Equal(inside, Marks("sources-inside"));
        Assert.Equal(result.Rows.Count - inside, Marks("sources-outside"));
        Assert.Contains($"{result.Rows.Count} ZTF alerts found, 3 nights searched", map.ToString());
        Assert.Contains($"of {result.Rows.Count} alerts", map.ToString());
    }

    [Theory]
    [InlineData("ra", "abc", "ra")]
    [InlineData("ra", "361", "ra")]
    [InlineData("dec", "-91", "dec")]
    [InlineData("radius", "0", "radius")]
    [InlineData("radius", "18000.5", "radius")]
    [InlineData("radius", "five", "radius")]
    [InlineData("startdate", "yesterday", "startdate")]
    [InlineData("window", "-1", "window")]
    [InlineData("output-format", "votable", "output-format")]
    [InlineData("survey", "panstarrs", "survey")]
    public void A_bad_cone_argument_is_refused_naming_it(string name, string value, string argument)
    {
        var args = new Dictionary<string, string> { ["ra"] = "193.822", ["dec"] = "2.89732", ["radius"] = "5", ["startdate"] = "2021-06-10 05:59:37.000" };
        args[name] = value;
        if (name == "window") args["startdate"] = "2021-06-10";
        var e = Assert.ThrowsAny<SkySearchException>(() => SkySearchArguments.Cone(n => args.GetValueOrDefault(n)));
        Assert.Equal(argument, e.Argument);
    }

    [Fact]
    public void Reversed_dates_a_window_with_a_stop_and_a_malformed_moc_are_refused_naming_the_argument()
    {
        Assert.Equal("stopdate", Assert.Throws<SkySearchException>(() => AlertTimeRange.Parse("2025-07-02", null, "2025-07-01")).Argument);
        Assert.Equal("window", Assert.Throws<SkySearchException>(() => AlertTimeRange.Parse("2025-07-02", "3", "2025-07-05")).Argument);
        Assert.Equal("window", Assert.Throws<SkySearchException>(() => AlertTimeRange.Parse(null, "3", null)).Argument);
        foreach (var moc in new[] { "{\"3\": [1, 2", "[1,2]", "{\"30\": [1]}", "{\"3\": [768]}", "{\"3\": []}" })
            Assert.Equal("moc", Assert.ThrowsAny<SkySearchException>(() => SkySearchArguments.Region(n => n == "moc" ? moc : null)).Argument);
    }

    [Fact]
    public void Sexagesimal_positions_are_read_as_fink_reads_them()
    {
        foreach (var (ra, dec) in new[] { ("193.822", "2.89732"), ("193d49m18.267s", "2d53m50.35s"), ("12h55m17.218s", "+02d53m50.35s"),
                     ("12 55 17.218", "+02 53 50.35"), ("12:55:17.218", "02:53:50.35") })
        {
            var cone = (ConeShape)SkySearchArguments.Cone(n => n switch { "ra" => ra, "dec" => dec, "radius" => "5", _ => null }).Shape;
            // Fink's documented forms of one position, rounded differently: within 1" of each other.
            Assert.True(cone.Contains(193.822, 2.89732, out var separation), $"{ra} {dec}");
            Assert.True(separation < 2, $"{ra} {dec}: {separation}");
        }
    }
}
