using System.Text.RegularExpressions;
using FinkXmatch.Core.SkySearch;

namespace FinkXmatch.Cli.Tests;

/// <summary>
/// The generated help: <c>--help</c> and <c>-h</c> of every verb exit 0 and list each flag the verb takes (CONTRACT §1
/// and §5, and this project's additions), each with a description.
/// </summary>
public sealed partial class HelpTests
{
    private static readonly string[] ServiceFlags =
        ["--urls", "--data-dir", "--datalake", "--kafka", "--storage", "--silo-port", "--gateway-port", "--advertised-address", "--cluster-id"];

    private static readonly string[] ClusterFlags = ["--storage", "--gateway-port", "--cluster-id"];

    // Written out here, independently of the code that declares them: a flag lost from a verb fails its case.
    private static readonly Dictionary<string, string[]> Flags = new()
    {
        [""] = ServiceFlags,
        ["xmatch"] = ["--datalake", "--catalog", "--ra-column", "--dec-column", "--id-column", "--radius-arcsec", "--years", "--start-night",
            "--stop-night", "--fields", "--packet", "--match", "--out", "--kafka", "--topic", "--survey", "--coordinates", "--threads",
            "--index-dir", "--data-dir"],
        ["datalake generate"] = ["--out", "--nights", "--alerts-per-night", "--seed", "--first-night", "--cutout-bytes", "--plant",
            "--fraction", "--max-offset-arcsec", "--survey", "--schema-version"],
        ["index build"] = ["--datalake", "--survey", "--index-dir", "--data-dir"],
        // Fink's arguments, as the HTTP API takes them too.
        ["conesearch"] = ["--datalake", "--out", "--index-dir", "--data-dir", .. SkySearchArguments.ConeNames.Select(n => "--" + n)],
        ["region"] = ["--datalake", "--out", "--index-dir", "--data-dir", .. SkySearchArguments.RegionNames.Select(n => "--" + n)],
        ["kafka serve"] = ["--port", "--port-file"],
        ["transfer"] = ["--kafka", "--topic", "--out", "--group", "--limit"],
        ["api"] = ServiceFlags,
        ["users add"] = ["--operator", .. ClusterFlags],
        ["users list"] = ClusterFlags,
        ["users revoke"] = ClusterFlags,
    };

    public static TheoryData<string> Verbs() => new(Flags.Keys);

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Each_verbs_help_lists_its_flags_with_a_description(string verb)
    {
        string[] words = verb.Length == 0 ? [] : verb.Split(' ');
        var outcome = await FinkxmatchProcess.RunAsync([.. words, "--help"]);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Empty(outcome.Stderr);
        Assert.Contains($"finkxmatch {verb}".TrimEnd() + " ", outcome.Stdout, StringComparison.Ordinal);

        // "  --radius-arcsec <R> (REQUIRED)   the match radius ...": the flag, its value, then words that describe it.
        var described = OptionLine().Matches(outcome.Stdout).ToDictionary(m => m.Groups["flag"].Value, m => m.Groups["description"].Value);
        foreach (var flag in Flags[verb])
            Assert.True(described.TryGetValue(flag, out var description) && description.Length > 10, $"{verb}: {flag} is not listed with a description in\n{outcome.Stdout}");

        var shortForm = await FinkxmatchProcess.RunAsync([.. words, "-h"]);
        Assert.Equal(0, shortForm.ExitCode);
        Assert.Equal(outcome.Stdout, shortForm.Stdout);
    }

    [Fact]
    public async Task Required_flags_are_marked_in_the_help()
    {
        var outcome = await FinkxmatchProcess.RunAsync("transfer", "--help");
        foreach (var flag in new[] { "--kafka <HOST:PORT>", "--topic <T>", "--out <DIR>" })
            Assert.Contains($"{flag} (REQUIRED)", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--group <G> (REQUIRED)", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_has_a_usage_line_for_every_verb()
    {
        var outcome = await FinkxmatchProcess.RunAsync("help");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        foreach (var verb in Flags.Keys.Where(v => v.Length > 0))
            Assert.Contains($"  finkxmatch {verb} ", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("finkxmatch transfer --kafka HOST:PORT --topic T --out DIR [options]", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("finkxmatch users add NAME [options]", outcome.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s+(?:-\S+, )*(?<flag>--[a-z-]+)(?: <[^>]+>)?(?: \(REQUIRED\))?\s{2,}(?<description>\S.*)$", RegexOptions.Multiline)]
    private static partial Regex OptionLine();
}
