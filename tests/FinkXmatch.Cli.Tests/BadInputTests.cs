using Xunit.Abstractions;

namespace FinkXmatch.Cli.Tests;

/// <summary>
/// CONTRACT §5: bad input exits 2 with exactly one line on stderr, no stack trace, and a message that names the
/// problem. Each case runs the real executable.
/// </summary>
public sealed class BadInputTests(CliWorkspace w, ITestOutputHelper output) : IClassFixture<CliWorkspace>
{
    private static readonly Dictionary<string, (Func<CliWorkspace, string[]> Args, string[] Mentions)> Cases = new()
    {
        ["unknown field suggests a near name"] = (w => w.Xmatch("--fields", "candidate.magpfs"), ["unknown alert field 'candidate.magpfs'", "did you mean candidate.magpsf"]),
        ["unknown packet"] = (w => w.Xmatch("--packet", "heavy"), ["unknown packet 'heavy'", "light"]),
        ["no night in the night range"] = (w => w.Xmatch("--start-night", "2030-01-01", "--stop-night", "2030-01-31"), ["2030-01-01", "2025-07-01"]),
        ["no night in the years"] = (w => w.Xmatch("--years", "2019"), ["2019", "2025-07-01"]),
        ["reversed years"] = (w => w.Xmatch("--years", "2026-2025"), ["2026-2025", "reversed"]),
        ["non-consecutive years"] = (w => w.Xmatch("--years", "2024,2026"), ["--years", "2024,2026"]),
        ["reversed night range"] = (w => w.Xmatch("--start-night", "2025-07-02", "--stop-night", "2025-07-01"), ["2025-07-02..2025-07-01", "reversed"]),
        ["bad night format"] = (w => w.Xmatch("--start-night", "2025/07/01", "--stop-night", "2025-07-02"), ["--start-night", "2025/07/01", "YYYY-MM-DD"]),
        ["start night without stop night"] = (w => w.Xmatch("--start-night", "2025-07-01"), ["stop night"]),
        ["radius 0"] = (w => w.XmatchWithoutRadius("--radius-arcsec", "0"), ["greater than 0 and at most 3600", "got 0"]),
        ["radius -1"] = (w => w.XmatchWithoutRadius("--radius-arcsec", "-1"), ["greater than 0 and at most 3600", "got -1"]),
        ["radius 3600.5"] = (w => w.XmatchWithoutRadius("--radius-arcsec", "3600.5"), ["greater than 0 and at most 3600", "got 3600.5"]),
        ["radius abc"] = (w => w.XmatchWithoutRadius("--radius-arcsec", "abc"), ["--radius-arcsec must be a number", "abc"]),
        ["radius NaN"] = (w => w.XmatchWithoutRadius("--radius-arcsec", "NaN"), ["--radius-arcsec must be a number", "NaN"]),
        ["missing radius"] = (w => w.XmatchWithoutRadius(), ["missing --radius-arcsec"]),
        ["missing catalog file"] = (w => w.XmatchCatalog(Path.Combine(w.Directory, "nowhere.csv")), ["not found", "nowhere.csv"]),
        ["garbage FITS catalog"] = (w => w.XmatchCatalog(w.GarbageFits), ["garbage.fits", "not FITS"]),
        ["garbage CSV catalog"] = (w => w.XmatchCatalog(w.GarbageCsv), ["garbage.csv", "binary"]),
        ["RA column not guessed: the choices with their types"] = (w => w.XmatchCatalog(w.Unguessable), ["could not guess the RA column of unguessable.tsv", "give --ra-column",
            "(columns: label (string), x (double), y (int64))"]),
        ["catalog column not found"] = (w => w.XmatchCatalog(w.Catalog, "--ra-column", "RAJ2000", "--dec-column", "dec"), ["no RA column named 'RAJ2000'"]),
        ["duplicate ids"] = (w => w.XmatchCatalog(w.DuplicateIds, "--id-column", "name"), ["duplicate-ids.csv", "identifier 'A' is already used"]),
        ["RA out of range"] = (w => w.XmatchCatalog(w.RaOutOfRange), ["ra-out-of-range.csv", "row 2", "400", "outside [0, 360)", "(1 of 2 rows has an invalid RA or Dec)"]),
        ["fields and packet together"] = (w => w.Xmatch("--fields", "candidate.magpsf", "--packet", "light"), ["either fields or a packet"]),
        ["years and nights together"] = (w => w.Xmatch("--years", "2025", "--start-night", "2025-07-01", "--stop-night", "2025-07-02"), ["either years or a night range"]),
        ["unknown match rule"] = (w => w.Xmatch("--match", "closest"), ["--match", "closest"]),
        ["unknown survey"] = (w => w.Xmatch("--survey", "gaia"), ["--survey must be ztf or lsst", "gaia"]),
        ["a survey the datalake does not hold"] = (w => w.Xmatch("--survey", "lsst"), ["survey 'lsst' was asked", "holds ZTF alerts"]),
        ["a ZTF field asked of LSST alerts"] = (w => ["xmatch", "--datalake", w.LsstDatalake, "--catalog", w.Catalog, "--radius-arcsec", "2",
            "--fields", "candidate.magpsf", "--out", w.NewOutput()], ["unknown alert field 'candidate.magpsf'", "diaSource."]),
        ["missing datalake"] = (w => ["xmatch", "--datalake", Path.Combine(w.Directory, "no-lake"), "--catalog", w.Catalog, "--radius-arcsec", "2", "--out", w.NewOutput()], ["no-lake", "does not exist"]),
        ["unknown option"] = (w => w.Xmatch("--colour", "red"), ["unknown option --colour"]),
        ["option given twice"] = (w => w.Xmatch("--radius-arcsec", "3"), ["--radius-arcsec", "twice"]),
        ["option without its value"] = (w => [.. w.Xmatch(), "--fields"], ["--fields needs a value"]),
        ["unknown command"] = (_ => ["frobnicate", "--x", "1"], ["unknown command 'frobnicate'"]),
        ["datalake generate with --nights 0"] = (w => ["datalake", "generate", "--out", Path.Combine(w.Directory, "gen0"), "--nights", "0", "--alerts-per-night", "10"], ["--nights", "0"]),
        ["datalake generate with --nights abc"] = (w => ["datalake", "generate", "--out", Path.Combine(w.Directory, "gena"), "--nights", "abc", "--alerts-per-night", "10"], ["--nights", "abc"]),
        ["datalake generate with an unknown survey"] = (w => ["datalake", "generate", "--out", Path.Combine(w.Directory, "gens"), "--nights", "1", "--alerts-per-night", "10", "--survey", "hst"], ["unknown survey 'hst'", "ztf, lsst"]),
        ["datalake generate with an unknown LSST schema version"] = (w => ["datalake", "generate", "--out", Path.Combine(w.Directory, "genv"), "--nights", "1", "--alerts-per-night", "10", "--survey", "lsst", "--schema-version", "7.4"], ["'7.4'", "9.0, 10.0"]),
        ["datalake generate with a schema version for ZTF"] = (w => ["datalake", "generate", "--out", Path.Combine(w.Directory, "genz"), "--nights", "1", "--alerts-per-night", "10", "--schema-version", "10.0"], ["--schema-version", "--survey lsst"]),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Exits_2_with_one_line_naming_the_problem(string name) => Check(name, FinkxmatchProcess.RunAsync);

    /// <summary>The same in the native finkxmatch-cli, which runs the same verbs compiled ahead of time.</summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task The_native_executable_exits_2_with_one_line_naming_the_problem(string name) => Check(name, FinkxmatchProcess.RunNativeAsync);

    private async Task Check(string name, Func<string[], Task<CliOutcome>> run)
    {
        var (args, mentions) = Cases[name];
        var outcome = await run(args(w));

        Assert.True(outcome.ExitCode == 2, $"{name}: {outcome}");
        var line = Assert.Single(outcome.StderrLines);
        output.WriteLine(line);
        Assert.DoesNotContain("   at ", outcome.Stderr);
        Assert.DoesNotContain("Exception", outcome.Stderr);
        foreach (var mention in mentions) Assert.Contains(mention, line);
    }
}
