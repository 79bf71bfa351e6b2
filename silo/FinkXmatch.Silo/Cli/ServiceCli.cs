using System.CommandLine;
using FinkXmatch.Silo.Commands;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// The managed <c>finkxmatch</c>'s command tree: the service without a verb (CONTRACT §1), the job verbs of
/// <see cref="CliApp.JobVerbs"/>, and the commands that need Orleans (<c>api</c>, <c>users</c>).
/// </summary>
public static class ServiceCli
{
    /// <summary>Every command, with its flags: the one place the managed command line is declared.</summary>
    public static RootCommand CreateRoot()
    {
        var service = new ServiceFlags();
        var root = CliApp.Root(ServiceFlags.Description);
        service.AddTo(root);
        root.SetAction((parse, cancel) => ServiceHost.RunAsync(service.Read(parse), cancel));

        var api = new Command("api", "the HTTP API, web page and dashboard alone, as an Orleans client of the silos that share " +
            "a PostgreSQL database (give --storage with its postgres:// URL, --datalake and --kafka HOST:PORT)");
        service.AddTo(api);
        api.SetAction((parse, cancel) => ServiceHost.RunAsync(service.Read(parse), cancel, frontEnd: true));

        foreach (var verb in CliApp.JobVerbs()) root.Subcommands.Add(verb);
        root.Subcommands.Add(api);
        root.Subcommands.Add(UsersCommand.Create(service));
        root.Subcommands.Add(CliApp.HelpCommand(root));
        return root;
    }

    /// <summary>The managed command line on <paramref name="args"/> (the service's own start included).</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancel) => CliApp.RunAsync(CreateRoot(), args, cancel);
}
