using FinkXmatch.Grains.Settings;
using System.CommandLine;
using FinkXmatch.Grains;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The service's flags (CONTRACT §1), each turned into the configuration key that appsettings.json and a
/// <c>FINKXMATCH__...</c> variable also set (a flag wins). The service, <c>finkxmatch api</c> and, for the flags that
/// find a cluster, the <c>users</c> verbs take these same options.
/// </summary>
public sealed class ServiceFlags
{
    public const string Description = """
        finkxmatch: crossmatch astronomical catalogs with Fink alerts. Without a command: run the service (Orleans silo +
        HTTP API + web page + Orleans dashboard + Kafka) until Ctrl-C / SIGTERM; ready when GET /health answers 200.
        The same settings come from appsettings.json (section FinkXmatch) or the environment, e.g.
        FINKXMATCH__DATADIRECTORY=/srv/fx, FINKXMATCH__STORAGE, FINKXMATCH__MAXUPLOADBYTES, FINKXMATCH__MAXCATALOGROWS,
        FINKXMATCH__CORESPERJOB, FINKXMATCH__SERVICEID, FINKXMATCH__CREATESTORAGESCHEMA=false (only check the tables).
        'finkxmatch help' lists every command; exit codes: 0 success, 2 bad input (one line on stderr), 1 failure.
        """;

    public Option<string> Urls { get; } = CliOptions.Text("urls", "URL[;URL]", $"where the HTTP API listens (default {ServiceHost.DefaultUrls})");

    public Option<string> DataDirectory { get; } = CliOptions.Text("data-dir", "DIR", "uploads and catalogs (default ./data, under the current directory)");

    public Option<string[]> Datalake { get; } = CliOptions.Repeatable("datalake", "DIR|SURVEY=DIR",
        "root of a Fink datalake, DIR/year=YYYY/month=MM/day=DD/*.parquet (read-only), its survey (ZTF or LSST) told by its files; " +
        "or one datalake per survey, e.g. --datalake ztf=/fink/ztf --datalake lsst=/fink/lsst");

    public Option<string> Kafka { get; } = CliOptions.Text("kafka", "embedded|HOST:PORT", "the in-process broker on 127.0.0.1 (default) or a Kafka bootstrap list");

    public Option<string> Storage { get; } = CliOptions.Text("storage", "memory|URL",
        "memory (default: one silo, state lost at exit) or postgres://USER:PASS@HOST:PORT/DB: cluster membership, grain state and " +
        "reminders in PostgreSQL (the schema is created when missing); silos sharing the database and --data-dir form one cluster");

    public Option<string> SiloPort { get; } = CliOptions.Text("silo-port", "N", "Orleans silo-to-silo port (default 11111); differ per silo on one machine");

    public Option<string> GatewayPort { get; } = CliOptions.Text("gateway-port", "N", "Orleans client gateway port (default 30000)");

    public Option<string> AdvertisedAddress { get; } = CliOptions.Text("advertised-address", "IP", "the address other silos reach this one at (default 127.0.0.1)");

    public Option<string> ClusterId { get; } = CliOptions.Text("cluster-id", "ID", "silos with the same id form one cluster (default finkxmatch)");

    /// <summary>The flags that find a running cluster (<see cref="ClusterClientConnection"/>).</summary>
    public IReadOnlyList<Option<string>> ClusterClient => [Storage, GatewayPort, ClusterId];

    private IEnumerable<(Option<string> Flag, string Key)> Settings =>
    [
        (DataDirectory, Key(nameof(DataDirectoryOptions.DataDirectory))),
        (Kafka, Key(nameof(KafkaOptions.Kafka))),
        (Storage, Key(nameof(ClusterSettings.Storage))),
        (SiloPort, Key(nameof(ClusterSettings.SiloPort))),
        (GatewayPort, Key(nameof(ClusterSettings.GatewayPort))),
        (AdvertisedAddress, Key(nameof(ClusterSettings.AdvertisedAddress))),
        (ClusterId, Key(nameof(ClusterSettings.ClusterId))),
    ];

    /// <summary>Adds every service flag to <paramref name="command"/> (the root, or <c>api</c>).</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        CliOptions.AddTo(command, Urls, DataDirectory, Datalake, Kafka, Storage, SiloPort, GatewayPort, AdvertisedAddress, ClusterId);
    }

    /// <summary>The configuration the flags given in <paramref name="parse"/> set.</summary>
    /// <exception cref="UsageException">Two datalakes for one survey, or an unknown survey.</exception>
    public ServiceCommandLine Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var configuration = Configuration(parse, Settings);
        if (parse.GetValue(Urls) is { } urls) configuration[ServiceCommandLine.UrlsKey] = urls;
        foreach (var (key, value) in DatalakeSettings(parse.GetValue(Datalake) ?? [])) configuration[key] = value;
        return new ServiceCommandLine(configuration, Help: parse.Action is System.CommandLine.Help.HelpAction);
    }

    /// <summary>The configuration keys the cluster-finding flags given in <paramref name="parse"/> set.</summary>
    public Dictionary<string, string?> ClusterClientConfiguration(ParseResult parse) =>
        Configuration(parse, Settings.Where(s => ClusterClient.Contains(s.Flag)));

    private static Dictionary<string, string?> Configuration(ParseResult parse, IEnumerable<(Option<string> Flag, string Key)> settings)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (flag, key) in settings)
        {
            if (parse.GetValue(flag) is { } value) configuration[key] = value;
        }
        return configuration;
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
