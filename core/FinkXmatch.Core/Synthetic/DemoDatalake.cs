using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Synthetic;

/// <summary>
/// The small datalakes the service generates under its data directory when no <c>--datalake</c> is given
/// (CONTRACT §1), one per survey: for ZTF <see cref="Nights"/> nights of <see cref="AlertsPerNight"/> synthetic alerts
/// with the real Fink schema and tiny cutouts; for LSST <see cref="LsstNights"/> nights of
/// <see cref="LsstAlertsPerNight"/> Rubin alerts (schema v10.0 with Fink's columns) over the southern sky. Each holds a
/// few counterparts of every well-known blazar/AGN of <see cref="Landmarks"/> in its survey's sky, so that a crossmatch
/// of a blazar catalog finds something. Written in seconds; needs nothing outside the program.
/// </summary>
public static class DemoDatalake
{
    public const int Nights = 5;
    public const int AlertsPerNight = 20_000;
    public const int LsstNights = 3;
    public const int LsstAlertsPerNight = 3_000;
    public const int CounterpartsPerLandmark = 4;
    public const double MaxOffsetArcsec = 0.5;
    public static readonly DateOnly FirstNight = new(2025, 7, 1);
    public static readonly DateOnly LsstFirstNight = new(2026, 1, 1);

    /// <summary>Rubin observes the sky south of about +30° declination: the landmarks its demo nights hold.</summary>
    public const double LsstNorthLimitDeg = 30;

    /// <summary>Famous extragalactic sources (J2000 degrees, rounded to ~0.1″), all in the ZTF sky.</summary>
    public static IReadOnlyList<(string Name, double RaDeg, double DecDeg)> Landmarks { get; } =
    [
        ("Mrk 421", 166.113808, 38.208833),
        ("Mrk 501", 253.467569, 39.760169),
        ("1ES 1959+650", 299.999384, 65.148514),
        ("PKS 2155-304", 329.716938, -30.225588),
        ("BL Lac", 330.680381, 42.277772),
        ("3C 273", 187.277915, 2.052388),
        ("3C 279", 194.046527, -5.789312),
        ("OJ 287", 133.703645, 20.108511),
        ("1ES 2344+514", 356.770151, 51.704967),
        ("PG 1553+113", 238.929350, 11.190102),
        ("M87", 187.705930, 12.391123),
        ("3C 454.3", 343.490616, 16.148211),
        ("S5 0716+714", 110.472702, 71.343434),
        ("1ES 0229+200", 38.202562, 20.288191),
        ("Mrk 180", 174.110038, 70.157583),
        ("1ES 1218+304", 185.341427, 30.176958),
        ("H 1426+428", 217.135870, 42.672510),
        ("1ES 1011+496", 153.767245, 49.433528),
        ("PKS 1424+240", 216.751632, 23.800006),
        ("3C 66A", 35.665048, 43.035499),
        ("W Comae", 185.382042, 28.232925),
        ("PKS 0735+178", 114.530809, 17.705281),
    ];

    /// <summary>The landmarks a survey's demo nights hold counterparts of.</summary>
    public static IReadOnlyList<(string Name, double RaDeg, double DecDeg)> LandmarksOf(Survey survey) =>
        survey == Survey.Lsst ? Landmarks.Where(l => l.DecDeg < LsstNorthLimitDeg).ToArray() : Landmarks;

    /// <summary>
    /// Generates the demo datalake of <paramref name="survey"/> (ZTF by default) into <paramref name="root"/> unless it
    /// already holds nights. Written beside it and renamed, so an interrupted first start never leaves a half datalake.
    /// Returns true when it was generated now.
    /// </summary>
    public static async Task<bool> EnsureAsync(string root, Survey? survey = null, CancellationToken cancellationToken = default)
    {
        survey ??= Survey.Ztf;
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root);
        if (Directory.Exists(full) && DatalakeLayout.Open(full).Shards.Count > 0) return false;

        var staging = full + ".generating";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var lsst = survey == Survey.Lsst;
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(staging, lsst ? LsstFirstNight : FirstNight,
            lsst ? LsstNights : Nights, lsst ? LsstAlertsPerNight : AlertsPerNight, Seed: 2025, CutoutBytes: 0, MaxHistory: 5,
            SurveyChoice: survey));
        var positions = Enumerable.Repeat(LandmarksOf(survey), CounterpartsPerLandmark).SelectMany(l => l).Select(l => (l.RaDeg, l.DecDeg)).ToList();
        generator.Plant(positions, fraction: 1, MaxOffsetArcsec);
        await generator.GenerateAsync(cancellationToken).ConfigureAwait(false);

        if (Directory.Exists(full)) Directory.Delete(full, recursive: true);   // empty of nights: nothing of value
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Directory.Move(staging, full);
        return true;
    }
}
