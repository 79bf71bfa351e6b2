using System.Globalization;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The arguments of e2e.mjs's <c>cone</c> step: the position of a known alert of the datalake, typed as sexagesimal, a
/// 5° radius, and how many alerts a brute force over every alert of the datalake finds within it.
/// </summary>
internal static class ConeSearchStep
{
    private const double RadiusArcsec = 18_000;

    public static async Task<string[]> ArgumentsAsync(string datalake)
    {
        var alerts = new List<(double Ra, double Dec)>();
        await new ShardScanner(ScanColumns.Candid).ScanAsync(DatalakeLayout.Open(datalake).Shards.SelectMany(s => s.Files), (_, batch, _) =>
        {
            for (var i = 0; i < batch.Count; i++) alerts.Add((batch.Ra[i], batch.Dec[i]));
            return ValueTask.CompletedTask;
        });
        int Within(double ra, double dec) => alerts.Count(b => Separation.Arcsec(ra, dec, b.Ra, b.Dec) <= RadiusArcsec);
        // The alert with the most others within the radius; the brute force counts around the position its text reads as.
        var centre = alerts.MaxBy(a => Within(a.Ra, a.Dec));
        var (ra, dec) = (Sexagesimal.Ra(centre.Ra), Sexagesimal.Dec(centre.Dec));
        Assert.True(CoordinateParser.TryParseRa(ra, CoordinateParser.Detect(ra), out var raDeg), ra);
        Assert.True(CoordinateParser.TryParseDec(dec, CoordinateParser.Detect(dec), out var decDeg), dec);
        var count = Within(raDeg, decDeg);
        Assert.InRange(count, 2, 1000);
        return ["--cone-ra", ra, "--cone-dec", dec, "--cone-radius", RadiusArcsec.ToString(CultureInfo.InvariantCulture),
            "--cone-count", count.ToString(CultureInfo.InvariantCulture)];
    }
}
