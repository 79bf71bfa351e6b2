using FinkXmatch.Grains.Settings;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The service's flags (CONTRACT §1), turned into configuration keys so that a flag, appsettings.json and a
/// <c>FINKXMATCH__...</c> variable all set the same options member (<see cref="DataDirectoryOptions"/>,
/// <see cref="DatalakeOptions"/>, <see cref="KafkaOptions"/>, <see cref="ClusterSettings"/>); a flag wins.
/// </summary>
public sealed record ServiceCommandLine(IReadOnlyDictionary<string, string?> Configuration, bool Help)
{
    public const string UrlsKey = "urls";

    public const string HelpText = """
        finkxmatch [options]: run the service (Orleans silo + HTTP API + Orleans dashboard + Kafka) until Ctrl-C / SIGTERM.

          --urls URL[;URL]           where the HTTP API listens (default http://127.0.0.1:5080)
          --data-dir DIR             uploads and catalogs (default ./data, under the current directory)
          --datalake DIR             root of a Fink datalake, DIR/year=YYYY/month=MM/day=DD/*.parquet (read-only); its
                                     survey (ZTF or LSST) is told by its files
          --datalake SURVEY=DIR      one datalake per survey, e.g. --datalake ztf=/fink/ztf --datalake lsst=/fink/lsst
          --kafka embedded|HOST:PORT the in-process broker on 127.0.0.1 (default) or a Kafka bootstrap list
          --storage memory|URL       memory (default: one silo, state lost at exit) or postgres://USER:PASS@HOST:PORT/DB:
                                     cluster membership, grain state and reminders in PostgreSQL (the schema is created
                                     when missing); silos sharing the database and --data-dir form one cluster
          --silo-port N              Orleans silo-to-silo port (default 11111); differ per silo on one machine
          --gateway-port N           Orleans client gateway port (default 30000)
          --advertised-address IP    the address other silos reach this one at (default 127.0.0.1)
          --cluster-id ID            silos with the same id form one cluster (default finkxmatch)

        The same settings come from appsettings.json (section FinkXmatch) or the environment, e.g.
        FINKXMATCH__DATADIRECTORY=/srv/fx, FINKXMATCH__STORAGE, FINKXMATCH__MAXUPLOADBYTES, FINKXMATCH__MAXCATALOGROWS,
        FINKXMATCH__CORESPERJOB, FINKXMATCH__SERVICEID, FINKXMATCH__CREATESTORAGESCHEMA=false (only check the tables).
        Ready when GET /health answers 200. 'finkxmatch help' lists the command-line verbs.
        """;

    private static readonly (string Flag, string Key)[] Settings =
    [
        ("data-dir", Key(nameof(DataDirectoryOptions.DataDirectory))),
        ("kafka", Key(nameof(KafkaOptions.Kafka))),
        ("storage", Key(nameof(ClusterSettings.Storage))),
        ("silo-port", Key(nameof(ClusterSettings.SiloPort))),
        ("gateway-port", Key(nameof(ClusterSettings.GatewayPort))),
        ("advertised-address", Key(nameof(ClusterSettings.AdvertisedAddress))),
        ("cluster-id", Key(nameof(ClusterSettings.ClusterId))),
    ];

    /// <exception cref="UsageException">An unknown option, a repeated one, or one without its value.</exception>
    public static ServiceCommandLine Parse(IEnumerable<string> args)
    {
        var options = new CliArguments(args, new HashSet<string> { "datalake" });
        var help = options.Flag("help");
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options.Optional("urls") is { } urls) configuration[UrlsKey] = urls;
        foreach (var (key, value) in DatalakeSettings(options.All("datalake"))) configuration[key] = value;
        foreach (var (flag, key) in Settings)
        {
            if (options.Optional(flag) is { } value) configuration[key] = value;
        }
        options.EnsureAllUsed("finkxmatch");
        return new ServiceCommandLine(configuration, help);
    }

    private static string Key(string member) => FinkXmatchSection.Key(member);

    // "DIR" is the one datalake (its survey told by its files); "lsst=DIR" is that survey's.
    private static IEnumerable<(string Key, string Value)> DatalakeSettings(IReadOnlyList<string> values)
    {
        var single = 0;
        var surveys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            var word = eq > 0 ? value[..eq] : "";
            if (word.Length == 0 || !word.All(char.IsAsciiLetter))
            {
                if (++single > 1) throw new UsageException("--datalake DIR is given twice: give one datalake, or one per survey as --datalake ztf=DIR --datalake lsst=DIR");
                yield return (Key(nameof(DatalakeOptions.Datalake)), value);
                continue;
            }
            if (!Core.Datalake.Survey.TryParse(word, out var survey))
                throw new UsageException($"--datalake {value}: unknown survey '{word}', use {string.Join(" or ", Core.Datalake.Survey.All.Select(s => s.Name))}");
            if (!surveys.Add(survey.Name)) throw new UsageException($"--datalake {survey.Name}=... is given twice: give one datalake per survey");
            yield return ($"{Key(nameof(DatalakeOptions.Datalakes))}:{survey.Name}", value[(eq + 1)..]);
        }
    }
}
