using System.Text;
using FinkXmatch.Core.Catalogs.Fits;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Core.Tests.Xmatch;
using FinkXmatch.Tests;

namespace FinkXmatch.Core.Tests.SkyIndex;

/// <summary>
/// FITS MOCs (IVOA MOC 1.1 and 2.0, NUNIQ): the real ZTF DR7 MOC written as FITS by astropy (tests/data/moc, int64 and
/// int32) reads as the same cells as its JSON form, and a region query with it finds what the JSON MOC and a brute-force
/// membership test find; damaged or foreign FITS MOCs are refused naming the moc argument.
/// </summary>
public sealed class FitsMocRegionTests(PlantedDatalake lake) : IClassFixture<PlantedDatalake>, IDisposable
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), $"fxm-fitsmoc-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_index)) Directory.Delete(_index, recursive: true);
    }

    [Theory]
    [InlineData("moc/ztf_dr7_moc.fits")]
    [InlineData("moc/ztf_dr7_moc_int32.fits")]
    public void The_fits_moc_holds_the_cells_of_the_json_moc(string fits)
    {
        var json = MocJson.Parse(File.ReadAllBytes(ZtfDr7Moc.Json));
        using var stream = File.OpenRead(TestData.Path(fits));
        var cells = FitsMocReader.ReadCells(stream, fits);

        Assert.Equal(json.Keys.Order(), cells.Keys.Order());
        foreach (var (order, pixels) in json)
            Assert.Equal(pixels.Order(), cells[order].Order());
        Assert.Equal(45_051, cells.Values.Sum(p => p.Length));
    }

    [Fact]
    public async Task A_region_of_the_fits_moc_finds_what_the_json_moc_and_the_brute_force_find()
    {
        var searcher = new SkySearcher(new SkyIndexStore(_index));
        var jsonText = await File.ReadAllTextAsync(ZtfDr7Moc.Json);
        var byJson = await searcher.SearchAsync(lake.Root, Survey.Ztf, SkySearchArguments.Region(n => n == "moc" ? jsonText : null).Shape, null, null);
        var fits = File.ReadAllBytes(ZtfDr7Moc.Fits);
        var byFits = await searcher.SearchAsync(lake.Root, Survey.Ztf, SkySearchArguments.Region(_ => null, fits, "ztf_dr7_moc.fits").Shape, null, null);
        // The JSON MOC given as a file is told apart from FITS by its first bytes.
        var byJsonFile = await searcher.SearchAsync(lake.Root, Survey.Ztf,
            SkySearchArguments.Region(_ => null, File.ReadAllBytes(ZtfDr7Moc.Json), "ztf_dr7_moc.json").Shape, null, null);

        var all = ReferenceAlerts.ReadAll(lake.Root);
        var expected = all.Where(a => ZtfDr7Moc.Contains(a.Ra, a.Dec)).Select(a => a.Candid).Order().ToArray();
        Assert.InRange(expected.Length, 100, all.Count - 100);
        Assert.Equal(expected, byFits.Rows.Select(r => (long)r[1]!).Order());
        Assert.Equal(byJson.Rows.Select(r => (long)r[1]!), byFits.Rows.Select(r => (long)r[1]!));
        Assert.Equal(byJson.Rows.Select(r => (long)r[1]!), byJsonFile.Rows.Select(r => (long)r[1]!));
    }

    public static TheoryData<string, string> DamagedMocs => new()
    {
        { "truncated", "truncated" },
        { "ORDERING", "RANGE" },
        { "PIXTYPE", "RING" },
        { "MOCDIM", "TIME" },
        { "MOCORD_S", "finer than the MOC's order 2" },
        { "nuniq 0", "NUNIQ 0 is not a cell" },
        { "two columns", "one integer column" },
        { "not fits", "MOC is not valid JSON" },
        { "also as argument", "given twice" },
    };

    [Theory]
    [MemberData(nameof(DamagedMocs))]
    public void A_malformed_fits_moc_is_refused_naming_the_moc_argument(string damage, string said)
    {
        var bytes = File.ReadAllBytes(ZtfDr7Moc.Fits);
        Func<string, string?> get = _ => null;
        switch (damage)
        {
            case "truncated": bytes = bytes[..(bytes.Length / 2)]; break;
            case "ORDERING": Replace(bytes, "ORDERING= 'NUNIQ   '", "ORDERING= 'RANGE   '"); break;
            case "PIXTYPE": Replace(bytes, "PIXTYPE = 'HEALPIX '", "PIXTYPE = 'RING    '"); break;
            case "MOCDIM": Replace(bytes, "MOCDIM  = 'SPACE   '", "MOCDIM  = 'TIME    '"); break;
            case "MOCORD_S": Replace(bytes, "MOCORD_S=                    9", "MOCORD_S=                    2"); break;
            // The first NUNIQ of the table (the data follows the primary and the extension header, one block each).
            case "nuniq 0": Array.Clear(bytes, 2 * 2880, 8); break;
            case "two columns": bytes = File.ReadAllBytes(TestData.Path("catalogs/4lac_dr3_l.fits")); break;
            case "not fits": bytes = bytes[1..]; break;
            case "also as argument": get = n => n == "moc" ? "{\"3\": [1]}" : null; break;
        }
        var e = Assert.Throws<SkySearchException>(() => SkySearchArguments.Region(get, bytes, "region.fits"));
        Assert.Equal("moc", e.Argument);
        Assert.Contains(said, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static void Replace(byte[] bytes, string card, string with)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(card));
        Assert.True(at > 0, card);
        Encoding.ASCII.GetBytes(with).CopyTo(bytes, at);
    }
}
