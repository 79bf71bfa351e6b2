using System.CommandLine;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Silo.Commands;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// The <c>finkxmatch</c> command line on System.CommandLine: the service without a verb (CONTRACT §1), the verbs of
/// CONTRACT §5 otherwise, each with its typed flags and generated help (<c>--help</c>, <c>-h</c>). Exit 0 on success,
/// 2 on bad input (one line on stderr, no stack trace), 1 on any other failure (one line too; FINKXMATCH_DEBUG=1 adds
/// the stack trace for developers).
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>Every command, with its flags: the one place the command line is declared.</summary>
    public static RootCommand CreateRoot()
    {
        var service = new ServiceFlags();
        var root = new RootCommand(ServiceFlags.Description);
        service.AddTo(root);
        root.SetAction((parse, cancel) => ServiceHost.RunAsync(service.Read(parse), cancel));
        // No directives: "[suggest]" or "[diagram]" before the verb is refused as an unknown command (CliErrors).
        root.Directives.Clear();

        var api = new Command("api", "the HTTP API, web page and dashboard alone, as an Orleans client of the silos that share " +
            "a PostgreSQL database (give --storage with its postgres:// URL, --datalake and --kafka HOST:PORT)");
        service.AddTo(api);
        api.SetAction((parse, cancel) => ServiceHost.RunAsync(service.Read(parse), cancel, frontEnd: true));

        Command[] verbs =
        [
            new XmatchCommand(),
            Group("datalake", "synthetic datalakes", new DatalakeGenerateCommand()),
            Group("index", "sky indexes of a datalake", new IndexBuildCommand()),
            SkySearchCommand.Cone(),
            SkySearchCommand.Region(),
            Group("kafka", "the embedded Kafka broker", new KafkaServeCommand()),
            new TransferCommand(),
            api,
            UsersCommand.Create(service),
            HelpCommand(root),
        ];
        foreach (var verb in verbs) root.Subcommands.Add(verb);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancel)
    {
        try
        {
            StartupTrace.Mark("main");
            var parse = Parse(CreateRoot(), args);
            StartupTrace.Mark("parsed");
            if (CliErrors.Problem(parse) is { } problem)
            {
                Console.Error.WriteLine($"error: {OneLine(problem)}");
                return BadInput;
            }
            // Ctrl-C is Program's (it cancels `cancel`), exceptions are handled below.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancel);
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

    /// <summary>Parses as every command does: a leading '@' is a value like any other, not a response file.</summary>
    public static ParseResult Parse(Command command, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    private static bool IsBadInput(Exception ex) => ex is UsageException or CatalogException or DatalakeException or XmatchRequestException
        or SkySearchException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    // "datalake generate", "kafka serve": a word that groups verbs and does nothing alone.
    private static Command Group(string name, string description, Command verb) => new(name, description) { verb };

    private static Command HelpCommand(RootCommand root)
    {
        var help = new Command("help", "this list of commands");
        help.SetAction(_ => Console.WriteLine(CliOverview.Text(root)));
        return help;
    }
}
