using System.CommandLine;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The service's flags (<see cref="ServiceFlags"/>) as the configuration keys they set, so that a flag,
/// appsettings.json and a <c>FINKXMATCH__...</c> variable all set the same options member (<see cref="Grains.Settings.DataDirectoryOptions"/>,
/// <see cref="Grains.Settings.DatalakeOptions"/>, <see cref="Grains.Settings.KafkaOptions"/>, <see cref="ClusterSettings"/>); a flag wins.
/// </summary>
public sealed record ServiceCommandLine(IReadOnlyDictionary<string, string?> Configuration, bool Help)
{
    public const string UrlsKey = "urls";

    /// <summary>The service's command line alone (no verb), as the root command parses it.</summary>
    /// <exception cref="UsageException">An unknown option, a repeated one, or one without its value.</exception>
    public static ServiceCommandLine Parse(IEnumerable<string> args)
    {
        var flags = new ServiceFlags();
        var command = new RootCommand(ServiceFlags.Description);
        flags.AddTo(command);
        var parse = CliApp.Parse(command, args.ToArray());
        if (CliErrors.Problem(parse) is { } problem) throw new UsageException(problem);
        return flags.Read(parse);
    }
}
