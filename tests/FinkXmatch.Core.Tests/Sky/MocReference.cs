using System.Text.Json;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Sky;

/// <summary>
/// The shared ZTF DR7 MOC read directly with JsonDocument, and membership decided the slow way: the position's
/// pixel at every listed order checked against that order's raw list. Independent of SkyCoverage's bitmap.
/// </summary>
internal static class MocReference
{
    private static readonly Lazy<Dictionary<int, HashSet<long>>> Cells = new(Load);

    public static Dictionary<int, HashSet<long>> ZtfCells => Cells.Value;

    public static bool Contains(double raDeg, double decDeg) =>
        ZtfCells.Any(kv => kv.Value.Contains(Healpix.Ang2PixNest(1 << kv.Key, raDeg, decDeg)));

    public static (double[] Ra, double[] Dec) ThreeHspPositions()
    {
        var lines = File.ReadAllLines(TestData.Path("catalogs/3hsp.csv")).Where(l => l.Length > 0).ToArray();
        static string[] Split(string line) => line.Split(" , ").Select(f => f.Trim().Trim('"')).ToArray();
        var header = Split(lines[0]);
        int raColumn = Array.IndexOf(header, "R.A."), decColumn = Array.IndexOf(header, "Dec");
        var rows = lines.Skip(1).Select(Split).ToArray();
        var ra = new double[rows.Length];
        var dec = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.True(CoordinateParser.TryParseRa(rows[i][raColumn], CoordinateFormat.Auto, out ra[i]));
            Assert.True(CoordinateParser.TryParseDec(rows[i][decColumn], CoordinateFormat.Auto, out dec[i]));
        }
        return (ra, dec);
    }

    private static Dictionary<int, HashSet<long>> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("ztf_dr7_moc.json")));
        return doc.RootElement.EnumerateObject().ToDictionary(
            p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture),
            p => p.Value.EnumerateArray().Select(e => e.GetInt64()).ToHashSet());
    }
}
