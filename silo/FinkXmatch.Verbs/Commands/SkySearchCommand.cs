using System.CommandLine;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch conesearch` and `finkxmatch region`: the service's <c>/conesearch</c> and <c>/region</c> on a datalake of
/// this machine, with the same arguments as options (<c>--ra --dec --radius</c>, or <c>--moc FILE</c>, a FITS or JSON MOC; <c>--startdate</c>,
/// <c>--window</c>, <c>--stopdate</c>, <c>--survey</c>, <c>--columns</c>, <c>--output-format</c>), the answer on stdout or
/// in <c>--out FILE</c>. Nights without a sky index for their current files get one first (<c>--index-dir</c>).
/// </summary>
public sealed class SkySearchCommand : Command
{
    private readonly Option<string> _datalake = SharedFlags.Datalake();
    private readonly Option<string> _out = CliOptions.Text("out", "FILE", "write the answer to FILE (default: stdout)");
    private readonly SharedFlags.IndexDirectory _index = new();
    private readonly Dictionary<string, Option<string>> _arguments;
    private readonly Func<Func<string, string?>, SkySearchArguments> _parse;

    // Fink's arguments, as SkySearchArguments names them; those only one verb takes are given to its constructor.
    private static readonly (string Name, string Value, string Description)[] CommonArguments =
    [
        ("startdate", "D", "only alerts from this time on: an ISO date (2021-06-10), date and time, or a Julian Date"),
        ("window", "DAYS", "with --startdate: that many days"),
        ("stopdate", "D", "with --startdate: until this time, inclusive"),
        ("survey", "ztf|lsst", "the alerts' survey (default: the one the datalake's files hold)"),
        ("columns", "a,b", "the alert fields to answer, dotted paths (default: Fink's)"),
        ("output-format", "json|csv|parquet|svg", "the answer's format (default json; svg: the alerts on the sky map)"),
    ];

    // The names are SkySearchArguments.ConeNames / RegionNames (the HTTP API's too); the CLI tests check that each is a flag.
    private SkySearchCommand(string name, string description, (string Name, string Value, string Description)[] shape, Func<Func<string, string?>, SkySearchArguments> parse) : base(name, description)
    {
        _parse = parse;
        _arguments = shape.Select(a => CliOptions.Text(a.Name, a.Value, a.Description, required: true))
            .Concat(CommonArguments.Select(a => CliOptions.Text(a.Name, a.Value, a.Description)))
            .ToDictionary(o => o.Name[2..]);
        CliOptions.AddTo(this, [_datalake, .. _arguments.Values, _out]);
        _index.AddTo(this);
        SetAction(RunAsync);
    }

    /// <summary><c>finkxmatch conesearch</c>.</summary>
    public static SkySearchCommand Cone() => new("conesearch", "the alerts within a radius of a position, as Fink's /conesearch answers them",
        [
            ("ra", "RA", "the centre's right ascension, degrees or sexagesimal"),
            ("dec", "DEC", "the centre's declination, degrees or sexagesimal"),
            ("radius", "ARCSEC", "the radius in arcseconds, at most 18000"),
        ], get => SkySearchArguments.Cone(get));

    /// <summary><c>finkxmatch region</c>.</summary>
    public static SkySearchCommand Region() => new("region", "every alert inside a MOC, as Fink's /region answers them",
        [("moc", "MOC.fits|MOC.json", "the region: a file holding a MOC, FITS (one NUNIQ column) or JSON {\"order\": [pixel, ...]}")],
        get => get("moc") is { } file
            // The MOC comes from a file, FITS or JSON (told by its first bytes): --moc FILE.
            ? SkySearchArguments.Region(name => name == "moc" ? null : get(name), ReadMoc(file), $"'{file}'")
            : SkySearchArguments.Region(get));

    private async Task<int> RunAsync(ParseResult args, CancellationToken cancel)
    {
        var root = args.GetRequiredValue(_datalake);
        var output = args.GetValue(_out);
        var store = new SkyIndexStore(_index.Resolve(args));
        SkySearchArguments arguments;
        try
        {
            arguments = _parse(name => _arguments.TryGetValue(name, out var option) ? args.GetValue(option) : null);
        }
        catch (SkySearchException e)
        {
            throw new UsageException($"--{e.Argument}: {e.Message}");
        }
        var survey = arguments.Survey ?? SurveyDatalakes.Detect(root)
            ?? throw new UsageException($"the first file of '{root}' holds no alert position ({Survey.PositionColumns}): give --survey");

        var result = await new SkySearcher(store).SearchAsync(root, survey, arguments.Shape, arguments.Time, arguments.Columns, cancellationToken: cancel);
        using var answer = new MemoryStream();
        await SkySearchOutput.WriteAsync(result, arguments.Format, answer, cancel);
        if (output is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            answer.Position = 0;
            await answer.CopyToAsync(stdout, cancel);
        }
        else
        {
            // Written aside and renamed, so that an interrupted run never leaves a half file under the requested name.
            await File.WriteAllBytesAsync(output + ".part", answer.ToArray(), cancel);
            File.Move(output + ".part", output, overwrite: true);
        }
        Console.Error.WriteLine($"{result.Rows.Count:N0} alerts in {result.Nights} nights of {survey.Name.ToUpperInvariant()}" +
            (output is null ? "" : $" written to {output}") + $" ({store.NightsBuilt} nights indexed first)");
        return CliApp.Ok;
    }

    private static byte[] ReadMoc(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--moc: cannot read '{file}': {e.Message}");
        }
    }
}
