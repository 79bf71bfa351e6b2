namespace FinkXmatch.Cli.Tests;

/// <summary>
/// What System.CommandLine refuses is still exit 2 with one line on stderr naming the flag (its own errors come as
/// several lines followed by the help): flags missing, misspelt, repeated, without value or of the wrong type, on
/// every kind of verb, and the service itself.
/// </summary>
public sealed class ParseErrorTests
{
    private static readonly Dictionary<string, (string[] Args, string Line)> Cases = new()
    {
        ["a required flag missing"] = (["transfer", "--kafka", "127.0.0.1:1", "--topic", "t"], "error: missing --out (directory for the Parquet files)"),
        ["a flag the verb does not take"] = (["index", "build", "--datalake", "lake", "--radius-arcsec", "2"],
            "error: unknown option --radius-arcsec for 'index build' (see 'finkxmatch index build --help')"),
        ["a word where a flag belongs"] = (["kafka", "serve", "now"], "error: unexpected argument 'now': options are written --name value"),
        ["a whole number out of range"] = (["kafka", "serve", "--port", "70000"], "error: --port must be a whole number from 1 to 65535, got '70000'"),
        ["a whole number that is not one"] = (["transfer", "--kafka", "127.0.0.1:1", "--topic", "t", "--out", "o", "--limit", "1.5"],
            "error: --limit must be a whole number from 1 to 9223372036854775807, got '1.5'"),
        ["a number that is not one"] = (["datalake", "generate", "--out", "g", "--nights", "1", "--alerts-per-night", "1", "--fraction", "half"],
            "error: --fraction must be a number, got 'half'"),
        ["a night that is not one"] = (["datalake", "generate", "--out", "g", "--nights", "1", "--alerts-per-night", "1", "--first-night", "2025-13-01"],
            "error: --first-night must be a night as YYYY-MM-DD, got '2025-13-01'"),
        ["an unknown survey"] = (["index", "build", "--datalake", "lake", "--survey", "gaia"], "error: --survey must be ztf or lsst, got 'gaia'"),
        ["a flag given twice"] = (["transfer", "--kafka", "127.0.0.1:1", "--topic", "a", "--topic", "b", "--out", "o"], "error: option --topic is given twice"),
        ["a flag without its value"] = (["transfer", "--kafka", "127.0.0.1:1", "--topic", "t", "--out"], "error: option --out needs a value"),
        ["a flag that takes no value"] = (["users", "add", "alice", "--operator", "yes"], "error: unexpected argument 'yes': options are written --name value"),
        ["a group without its verb"] = (["datalake"], "error: 'datalake' needs a command: datalake generate"),
        ["a verb without its argument"] = (["users", "revoke"], "error: users revoke NAME: give the user's name (1 to 64 letters, digits, '.', '_', '@' or '-')"),
        ["an argument that is not a name"] = (["users", "add", "a b"], "error: users add NAME: 'a b' is not a user name: use 1 to 64 letters, digits, '.', '_', '@' or '-'"),
        ["the service with an unknown flag"] = (["--urls", "http://127.0.0.1:1", "--colour", "red"], "error: unknown option --colour for 'finkxmatch' (see 'finkxmatch --help')"),
        ["the service with a flag without its value"] = (["--data-dir"], "error: option --data-dir needs a value"),
        ["a service flag before a verb"] = (["--kafka", "127.0.0.1:1", "xmatch", "--datalake", "lake", "--catalog", "c.csv", "--radius-arcsec", "2"],
            "error: --kafka comes after the command: finkxmatch xmatch --kafka ..."),
        ["a directive is no command"] = (["[diagram]", "xmatch"], "error: unknown command '[diagram]'; commands: xmatch, datalake generate, index build, " +
            "conesearch, region, kafka serve, transfer, api, users add, users list, users revoke, help"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Exits_2_with_one_line_naming_the_flag(string name)
    {
        var (args, expected) = Cases[name];
        var outcome = await FinkxmatchProcess.RunAsync(args);
        Assert.True(outcome.ExitCode == 2, $"{name}: {outcome}");
        Assert.Equal(expected, Assert.Single(outcome.StderrLines));
        Assert.Empty(outcome.Stdout);
    }

    [Fact]
    public async Task A_value_starting_with_an_at_sign_is_a_value_not_a_response_file()
    {
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--datalake", "lake", "--catalog", "@nowhere.csv", "--radius-arcsec", "2");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("error: catalog file not found: @nowhere.csv", Assert.Single(outcome.StderrLines));
    }

    [Fact]
    public async Task Help_wins_over_a_mistake_on_the_same_line()
    {
        var outcome = await FinkxmatchProcess.RunAsync("xmatch", "--colour", "red", "--help");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("--radius-arcsec", outcome.Stdout, StringComparison.Ordinal);
    }
}
