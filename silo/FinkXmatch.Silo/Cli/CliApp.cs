using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Silo.Commands;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// Dispatches the verbs of CONTRACT §5. Exit 0 on success, 2 on bad input (one line on stderr, no stack trace),
/// 1 on any other failure (one line too; FINKXMATCH_DEBUG=1 adds the stack trace for developers).
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    // Most verbs take --options only; the users verbs also a name first, so each verb gets its words as given.
    private static readonly Dictionary<string, Func<string[], CancellationToken, Task<int>>> Verbs = new(StringComparer.Ordinal)
    {
        ["help"] = (_, _) => Task.FromResult(PrintHelp()),
        ["kafka serve"] = (a, c) => KafkaServeCommand.RunAsync(new CliArguments(a), c),
        ["xmatch"] = (a, c) => XmatchCommand.RunAsync(new CliArguments(a), c),
        ["datalake generate"] = (a, c) => DatalakeGenerateCommand.RunAsync(new CliArguments(a), c),
        ["transfer"] = (a, c) => TransferCommand.RunAsync(new CliArguments(a), c),
        ["index build"] = (a, c) => IndexBuildCommand.RunAsync(new CliArguments(a), c),
        ["conesearch"] = (a, c) => SkySearchCommand.ConeAsync(new CliArguments(a), c),
        ["region"] = (a, c) => SkySearchCommand.RegionAsync(new CliArguments(a), c),
        ["api"] = (a, c) => Hosting.ServiceHost.RunAsync(a, c, frontEnd: true),
        ["users add"] = UsersCommand.AddAsync,
        ["users list"] = UsersCommand.ListAsync,
        ["users revoke"] = UsersCommand.RevokeAsync,
    };

    /// <summary>True when the arguments name a CLI verb rather than options of the service host.</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(string[] args, CancellationToken cancel)
    {
        try
        {
            var (verb, rest) = SplitVerb(args);
            if (!Verbs.TryGetValue(verb, out var run))
                throw new UsageException($"unknown command '{verb}'; commands: {string.Join(", ", Verbs.Keys)}");
            return await run(rest, cancel);
        }
        catch (Exception ex) when (IsBadInput(ex))
        {
            Console.Error.WriteLine($"error: {OneLine(ex.Message)}");
            return BadInput;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return Failure;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"failed: {OneLine(ex.Message)}");
            if (Environment.GetEnvironmentVariable("FINKXMATCH_DEBUG") == "1") Console.Error.WriteLine(ex);
            return Failure;
        }
    }

    private static bool IsBadInput(Exception ex) => ex is UsageException or CatalogException or DatalakeException or XmatchRequestException
        or FinkXmatch.Core.SkySearch.SkySearchException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    // Two-word verbs ("datalake generate", "kafka serve") are joined so that each has one entry.
    private static (string Verb, string[] Remaining) SplitVerb(string[] args)
    {
        if (args.Length >= 2 && !args[1].StartsWith('-') && Verbs.ContainsKey($"{args[0]} {args[1]}"))
            return ($"{args[0]} {args[1]}", args[2..]);
        return (args[0], args[1..]);
    }

    private static int PrintHelp()
    {
        Console.WriteLine("""
            finkxmatch: crossmatch astronomical catalogs with Fink alerts.

              finkxmatch [--urls URL] [--datalake DIR] [--kafka embedded|HOST:PORT] [--data-dir DIR]   run the service
              finkxmatch xmatch --datalake DIR --catalog FILE --radius-arcsec R [--ra-column C --dec-column C --id-column C]
                  [--survey ztf|lsst] [--coordinates auto|degrees|sexagesimal] [--years 2024-2025 | --start-night D --stop-night D]
                  [--fields a,b | --packet light|medium|full] [--match nearest|all] [--out results.parquet] [--threads N]
                  [--kafka embedded|HOST:PORT [--topic T]] [--index-dir DIR | --data-dir DIR]   (a small catalog reads nights through the sky index there)
              finkxmatch datalake generate --out DIR --nights N --alerts-per-night N [--seed S] [--first-night D]
                  [--cutout-bytes B] [--plant CATALOG [--fraction F] [--max-offset-arcsec X]]
                  [--survey ztf|lsst [--schema-version 9.0|10.0]]
              finkxmatch index build --datalake DIR [--survey ztf|lsst] [--index-dir DIR | --data-dir DIR]      sky index of every night (default DIR: ./data/index)
              finkxmatch conesearch --datalake DIR --ra RA --dec DEC --radius ARCSEC [--startdate D [--window DAYS | --stopdate D]]
                  [--survey ztf|lsst] [--columns a,b] [--output-format json|csv|parquet|svg] [--out FILE] [--index-dir DIR]
              finkxmatch region --datalake DIR --moc MOC.fits|MOC.json [the same options as conesearch]    every alert inside a MOC
              finkxmatch kafka serve [--port P] [--port-file F]                                         standalone embedded Kafka broker (in memory)
              finkxmatch transfer --kafka HOST:PORT --topic T --out DIR [--group G] [--limit N]          topic -> Parquet files, like fink_datatransfer
              finkxmatch api --storage postgres://... --datalake DIR --kafka HOST:PORT [--urls URL] [--data-dir DIR]   the HTTP
                  API, web page and dashboard alone, as an Orleans client of the silos sharing that database
              finkxmatch users add NAME [--operator] | users list | users revoke NAME                  API tokens (Auth:Mode=tokens) of the running
                  [--storage memory|postgres://... --gateway-port N --cluster-id ID]                     cluster; add prints the token once
              finkxmatch help                                                                           this text

            Exit codes: 0 success, 2 bad input (one line on stderr), 1 failure.
            """);
        return Ok;
    }
}
