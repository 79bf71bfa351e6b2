using System.Globalization;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Where results go (CONTRACT §1 <c>--kafka embedded|HOST:PORT,...</c>): the embedded broker, which the host starts
/// and hands over as an <see cref="IInProcessBroker"/>, or a real cluster given by its bootstrap servers.
/// </summary>
public sealed class KafkaEndpoint
{
    /// <summary>The <c>--kafka</c> value that selects the embedded broker.</summary>
    public const string EmbeddedKeyword = "embedded";

    private KafkaEndpoint(string bootstrapServers, IInProcessBroker? broker, KafkaSecurity security)
    {
        BootstrapServers = bootstrapServers;
        EmbeddedBroker = broker;
        Security = security;
    }

    /// <summary>How clients authenticate to this cluster (none for the embedded broker).</summary>
    public KafkaSecurity Security { get; }

    /// <summary>HOST:PORT,... for clients.</summary>
    public string BootstrapServers { get; }

    /// <summary>The embedded broker, or null for a real cluster.</summary>
    public IInProcessBroker? EmbeddedBroker { get; }

    /// <summary>True for the embedded broker.</summary>
    public bool IsEmbedded => EmbeddedBroker is not null;

    /// <summary>The embedded broker (already started; the endpoint does not own it).</summary>
    public static KafkaEndpoint Embedded(IInProcessBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return new(broker.BootstrapServers, broker, KafkaSecurity.None);
    }

    /// <summary>A real cluster, reached with <paramref name="security"/> (none when null).</summary>
    /// <exception cref="FormatException">not a HOST:PORT,... list.</exception>
    public static KafkaEndpoint Cluster(string bootstrapServers, KafkaSecurity? security = null) =>
        new(ParseBootstrapServers(bootstrapServers), null, security ?? KafkaSecurity.None);

    /// <summary><paramref name="options"/> (the defaults when null) with this cluster's <see cref="Security"/>, for its clients.</summary>
    public KafkaOutputOptions Options(KafkaOutputOptions? options = null) => (options ?? KafkaOutputOptions.Default) with { Security = Security };

    /// <summary>True when a <c>--kafka</c> value asks for the embedded broker.</summary>
    public static bool IsEmbeddedSpec(string? text) =>
        string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), EmbeddedKeyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks and normalizes (trims) a HOST:PORT,... list; IPv6 hosts go in brackets.</summary>
    /// <exception cref="FormatException">with a one-line reason.</exception>
    public static string ParseBootstrapServers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = text.Split(',', StringSplitOptions.TrimEntries);
        foreach (var server in servers)
        {
            var colon = server.LastIndexOf(':');
            var host = colon > 0 ? server[..colon] : "";
            var port = colon > 0 ? server[(colon + 1)..] : "";
            if (host.Length == 0 || host.Any(char.IsWhiteSpace) || (host.Contains(':') && !(host.StartsWith('[') && host.EndsWith(']')))
                || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new FormatException($"'{server}' is not HOST:PORT (Kafka bootstrap servers are HOST:PORT,...)");
        }
        return string.Join(',', servers);
    }

    /// <summary>The topic administrator fitting this endpoint.</summary>
    public ITopicAdministrator CreateAdministrator(KafkaOutputOptions? options = null) => EmbeddedBroker is { } broker
        ? new EmbeddedTopicAdministrator(broker, Options(options))
        : new ClusterTopicAdministrator(BootstrapServers, Options(options));

    /// <inheritdoc/>
    public override string ToString() => IsEmbedded ? $"{BootstrapServers} (embedded)" : BootstrapServers;
}
