using System.Globalization;
using System.Net;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Where the Orleans cluster keeps its state and how this silo finds and joins it, from the same flat <c>FinkXmatch</c>
/// section as the options of <see cref="SettingsServiceCollectionExtensions"/> (<c>FinkXmatch:Storage</c>,
/// <c>FinkXmatch:ClusterId</c>, env <c>FINKXMATCH__CLUSTERID</c>, ...). Unlike those options it is read once, by
/// <see cref="Read"/>, when the host or a command's cluster client is wired: Orleans' clustering and storage providers
/// are chosen before the service container exists. Memory mode uses only the ports: there the silo is a cluster of
/// one on localhost.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary><c>memory</c> (default; state dies with the process) or a <c>postgres://</c> URL (durable mode).</summary>
    public string Storage { get; set; } = "memory";

    /// <summary>Silos with the same cluster id (and database) form one cluster; a new id starts a separate one.</summary>
    public string ClusterId { get; set; } = "finkxmatch";

    /// <summary>Names the service whose grain state and reminders these are; stable across deployments.</summary>
    public string ServiceId { get; set; } = "finkxmatch";

    /// <summary>
    /// The address other silos reach this one at. Loopback (the default) keeps a cluster on one machine; in a
    /// container set it to the pod's or host's address, and the silo then listens on every interface.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Creates the Orleans tables when the database has none (see deploy/postgres); false: only checks.</summary>
    public bool CreateStorageSchema { get; set; } = true;

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The settings as configured, with the storage and ports checked.</summary>
    /// <exception cref="UsageException">A value the binder cannot convert, a storage that is neither memory nor PostgreSQL, a port out of range.</exception>
    public static ClusterSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ClusterSettings settings;
        try
        {
            settings = configuration.GetSection(FinkXmatchSection.Name).Get<ClusterSettings>() ?? new ClusterSettings();
        }
        catch (InvalidOperationException e)
        {
            // e.g. FINKXMATCH__SILOPORT=many: the binder names the key and the value.
            throw new UsageException(e.Message.ReplaceLineEndings(" "));
        }
        _ = settings.Database();
        Port(settings.SiloPort, nameof(SiloPort));
        Port(settings.GatewayPort, nameof(GatewayPort));
        return settings;
    }

    /// <summary>The PostgreSQL database of durable mode, or null in memory mode.</summary>
    /// <exception cref="UsageException">A storage that is neither, or a PostgreSQL URL that cannot work.</exception>
    public PostgresUrl? Database()
    {
        if (string.Equals(Storage, "memory", StringComparison.OrdinalIgnoreCase)) return null;
        if (PostgresUrl.LooksLikeOne(Storage)) return PostgresUrl.Parse(Storage);
        throw new UsageException($"--storage must be 'memory' or a postgres://... URL, got '{Storage}'");
    }

    /// <summary>Checks what durable mode needs and returns the address to advertise.</summary>
    /// <exception cref="UsageException">An empty id or an advertised address that is not an IP address.</exception>
    public IPAddress Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId)) throw new UsageException($"{FinkXmatchSection.Key(nameof(ClusterId))} must not be empty");
        if (string.IsNullOrWhiteSpace(ServiceId)) throw new UsageException($"{FinkXmatchSection.Key(nameof(ServiceId))} must not be empty");
        if (!IPAddress.TryParse(AdvertisedAddress, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            throw new UsageException($"--advertised-address must be this machine's IP address as other silos reach it, got '{AdvertisedAddress}'");
        return address;
    }

    private static void Port(int port, string member)
    {
        if (port is < 1 or > 65535)
            throw new UsageException($"{FinkXmatchSection.Key(member)} must be a port from 1 to 65535, got {port.ToString(CultureInfo.InvariantCulture)}");
    }
}
