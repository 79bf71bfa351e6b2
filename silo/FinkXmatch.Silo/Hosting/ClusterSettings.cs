using System.Net;
using FinkXmatch.Grains;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// How this silo finds and joins its cluster in durable mode, bound from the same <c>FinkXmatch</c> section as
/// <see cref="FinkXmatchOptions"/> (<c>FinkXmatch:ClusterId</c>, env <c>FINKXMATCH__CLUSTERID</c>, ...).
/// Memory mode ignores all of it: there the silo is a cluster of one on localhost.
/// </summary>
public sealed class ClusterSettings
{
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

    public static ClusterSettings Bind(IConfiguration configuration) =>
        configuration.GetSection(FinkXmatchOptions.Section).Get<ClusterSettings>() ?? new ClusterSettings();

    /// <exception cref="UsageException">An empty id or an advertised address that is not an IP address.</exception>
    public IPAddress Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId)) throw new UsageException($"{FinkXmatchOptions.Section}:ClusterId must not be empty");
        if (string.IsNullOrWhiteSpace(ServiceId)) throw new UsageException($"{FinkXmatchOptions.Section}:ServiceId must not be empty");
        if (!IPAddress.TryParse(AdvertisedAddress, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            throw new UsageException($"--advertised-address must be this machine's IP address as other silos reach it, got '{AdvertisedAddress}'");
        return address;
    }
}
