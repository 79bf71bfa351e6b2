using System.Globalization;

namespace FinkXmatch.Bench.DuckDb;

/// <summary>The peer's command line: the words of <c>finkxmatch xmatch</c> that the benchmark passes to both.</summary>
internal sealed record PeerOptions(string Datalake, string Catalog, double RadiusArcsec, DateOnly StartNight, DateOnly StopNight,
    bool Lsst, string Out, int Threads)
{
    public static PeerOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected --name value pairs, got '{args[i]}'");
            values[args[i][2..]] = args[i + 1];
        }
        string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"missing --{name}");
        var survey = values.GetValueOrDefault("survey", "ztf");
        if (survey is not ("ztf" or "lsst")) throw new ArgumentException($"--survey must be ztf or lsst, got '{survey}'");
        var radius = double.Parse(Get("radius-arcsec"), CultureInfo.InvariantCulture);
        if (!(radius > 0 && radius <= 3600)) throw new ArgumentException($"--radius-arcsec must be in (0, 3600], got {radius}");
        return new PeerOptions(Get("datalake"), Get("catalog"), radius,
            DateOnly.ParseExact(Get("start-night"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(Get("stop-night"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            survey == "lsst", Get("out"), int.Parse(values.GetValueOrDefault("threads", "2"), CultureInfo.InvariantCulture));
    }
}
