using System.Text.Json;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Tests;

/// <summary>
/// The real ZTF DR7 MOC of tests/data, in JSON and as FITS (written by astropy: tests/data/moc), and a brute-force
/// membership test on it: a position is inside when its pixel at one of the MOC's orders is a cell of that order.
/// </summary>
internal static class ZtfDr7Moc
{
    public static string Json => TestData.Path("ztf_dr7_moc.json");

    public static string Fits => TestData.Path("moc/ztf_dr7_moc.fits");

    public static string Int32Fits => TestData.Path("moc/ztf_dr7_moc_int32.fits");

    private static readonly Lazy<Dictionary<int, HashSet<long>>> Cells = new(() =>
        JsonSerializer.Deserialize<Dictionary<int, long[]>>(File.ReadAllText(Json))!.ToDictionary(kv => kv.Key, kv => kv.Value.ToHashSet()));

    public static bool Contains(double ra, double dec) => Cells.Value.Any(kv => kv.Value.Contains(Healpix.Ang2PixNest(1 << kv.Key, ra, dec)));
}
