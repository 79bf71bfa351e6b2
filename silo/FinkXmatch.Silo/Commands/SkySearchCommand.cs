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
public static class SkySearchCommand
{
    public static Task<int> ConeAsync(CliArguments args, CancellationToken cancel) =>
        RunAsync(args, "conesearch", SkySearchArguments.ConeNames, get => SkySearchArguments.Cone(get), cancel);

    public static Task<int> RegionAsync(CliArguments args, CancellationToken cancel) =>
        RunAsync(args, "region", SkySearchArguments.RegionNames, get => get("moc") is { } file
            // The MOC comes from a file, FITS or JSON (told by its first bytes): --moc FILE.
            ? SkySearchArguments.Region(name => name == "moc" ? null : get(name), ReadMoc(file), $"'{file}'")
            : SkySearchArguments.Region(get), cancel);

    private static async Task<int> RunAsync(CliArguments args, string verb, IReadOnlyList<string> names,
        Func<Func<string, string?>, SkySearchArguments> parse, CancellationToken cancel)
    {
        var root = args.Required("datalake", "the datalake root, DIR/year=YYYY/month=MM/day=DD/*.parquet");
        var output = args.Optional("out");
        var store = new SkyIndexStore(IndexBuildCommand.IndexDirectory(args));
        var given = names.ToDictionary(n => n, args.Optional);
        args.EnsureAllUsed(verb);
        SkySearchArguments arguments;
        try
        {
            arguments = parse(name => given.GetValueOrDefault(name));
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
