using System.CommandLine;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Os;
using FinkXmatch.Core.SkySearch;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Silo.Commands;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// The <c>finkxmatch</c> command line on System.CommandLine: the verbs of CONTRACT §5, each with its typed flags and
/// generated help (<c>--help</c>, <c>-h</c>), under the root command each executable declares (the managed
/// <c>finkxmatch</c> adds the service's commands, the native <c>finkxmatch-cli</c> has the job verbs alone). Exit 0 on
/// success, 2 on bad input (one line on stderr, no stack trace), 1 on any other failure (one line too; FINKXMATCH_DEBUG=1 adds
/// the stack trace for developers).
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>A root command without directives: "[suggest]" or "[diagram]" before the verb is refused as an unknown command (CliErrors).</summary>
    public static RootCommand Root(string description)
    {
        var root = new RootCommand(description);
        root.Directives.Clear();
        return root;
    }

    /// <summary>
    /// The verbs that need neither Orleans nor ASP.NET, in the order the overview lists them: the managed executable
    /// adds the service's own commands around them, the native one runs them alone.
    /// </summary>
    public static Command[] JobVerbs() =>
    [
        new XmatchCommand(),
        Group("datalake", "synthetic datalakes", new DatalakeGenerateCommand()),
        Group("index", "sky indexes of a datalake", new IndexBuildCommand()),
        SkySearchCommand.Cone(),
        SkySearchCommand.Region(),
        Group("kafka", "the embedded Kafka broker", new KafkaServeCommand()),
        new TransferCommand(),
    ];

    /// <summary>An executable's whole run: Ctrl-C cancels the command, whose exit code is returned.</summary>
    public static async Task<int> MainAsync(RootCommand root, string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // Registering starts the runtime's signal handling (its thread, the terminal's state): ~0.4 ms of a 75 k-source
        // one-night job's critical path (docs/performance.md). Where the pool's threads are being started ahead (a
        // crossmatch), on the pool while this thread parses; a Ctrl-C in the first moments, before it is registered,
        // then ends the process as without a handler. Elsewhere here (`help` would start the pool for it).
        if (PoolThreadsAhead.Requested) _ = Task.Run(() => Console.CancelKeyPress += OnCancelKeyPress);
        else Console.CancelKeyPress += OnCancelKeyPress;
        return await RunAsync(root, args, cancel.Token);

        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command has returned: nothing to cancel.
            }
        }
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args, CancellationToken cancel)
    {
        try
        {
            StartupTrace.Mark("main");
            var parse = Parse(root, args);
            StartupTrace.Mark("parsed");
            if (CliErrors.Problem(parse) is { } problem)
            {
                Console.Error.WriteLine($"error: {OneLine(problem)}");
                return BadInput;
            }
            // Ctrl-C is MainAsync's (it cancels `cancel`), exceptions are handled below.
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

    /// <summary><c>finkxmatch help</c>: the overview of <paramref name="root"/>'s commands.</summary>
    public static Command HelpCommand(RootCommand root)
    {
        var help = new Command("help", "this list of commands");
        help.SetAction(_ => Console.WriteLine(CliOverview.Text(root)));
        return help;
    }
}
