using FinkXmatch.Grains;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The service's flags (CONTRACT §1), turned into configuration keys so that a flag, appsettings.json and a
/// <c>FINKXMATCH__...</c> variable all set the same <see cref="FinkXmatchOptions"/> member; a flag wins.
/// </summary>
public sealed record ServiceCommandLine(IReadOnlyDictionary<string, string?> Configuration, bool Help)
{
    public const string UrlsKey = "urls";

    public const string HelpText = """
        finkxmatch [options]: run the service (Orleans silo + HTTP API + Orleans dashboard + Kafka) until Ctrl-C / SIGTERM.

          --urls URL[;URL]           where the HTTP API listens (default http://127.0.0.1:5080)
          --data-dir DIR             uploads and catalogs (default ./data, under the current directory)
          --datalake DIR             root of a Fink datalake, DIR/year=YYYY/month=MM/day=DD/*.parquet (read-only)
          --kafka embedded|HOST:PORT the in-process broker on 127.0.0.1 (default) or a Kafka bootstrap list
          --storage memory           grain state in memory (default); postgres://... is not yet supported

        The same settings come from appsettings.json (section FinkXmatch) or the environment, e.g.
        FINKXMATCH__DATADIRECTORY=/srv/fx, FINKXMATCH__MAXUPLOADBYTES, FINKXMATCH__MAXCATALOGROWS, FINKXMATCH__CORESPERJOB.
        Ready when GET /health answers 200. 'finkxmatch help' lists the command-line verbs.
        """;

    private static readonly (string Flag, string Key)[] Settings =
    [
        ("data-dir", Key(nameof(FinkXmatchOptions.DataDirectory))),
        ("datalake", Key(nameof(FinkXmatchOptions.Datalake))),
        ("kafka", Key(nameof(FinkXmatchOptions.Kafka))),
        ("storage", Key(nameof(FinkXmatchOptions.Storage))),
    ];

    /// <exception cref="UsageException">An unknown option, a repeated one, or one without its value.</exception>
    public static ServiceCommandLine Parse(IEnumerable<string> args)
    {
        var options = new CliArguments(args);
        var help = options.Flag("help");
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options.Optional("urls") is { } urls) configuration[UrlsKey] = urls;
        foreach (var (flag, key) in Settings)
        {
            if (options.Optional(flag) is { } value) configuration[key] = value;
        }
        options.EnsureAllUsed("finkxmatch");
        return new ServiceCommandLine(configuration, help);
    }

    private static string Key(string member) => $"{FinkXmatchOptions.Section}:{member}";
}
