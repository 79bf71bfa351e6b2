using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// How every Kafka client of a cluster authenticates (<c>security.protocol</c>, <c>sasl.mechanism</c>, username,
/// password, <c>ssl.ca.location</c>): the one place the security part of a librdkafka configuration is written
/// (<see cref="ApplyTo"/>). Carried to the clients by <see cref="KafkaOutputOptions.Security"/>. The password is only
/// ever handed to librdkafka: <see cref="ToString"/> and <see cref="Describe"/> leave it out.
/// </summary>
public sealed class KafkaSecurity
{
    private readonly string? _password;

    public KafkaSecurity(SecurityProtocol? protocol, SaslMechanism? mechanism = null, string? username = null, string? password = null,
        string? caLocation = null)
    {
        Protocol = protocol;
        Mechanism = mechanism;
        Username = username;
        _password = password;
        CaLocation = caLocation;
    }

    /// <summary>No security settings: librdkafka's PLAINTEXT.</summary>
    public static KafkaSecurity None { get; } = new(null);

    public SecurityProtocol? Protocol { get; }

    public SaslMechanism? Mechanism { get; }

    public string? Username { get; }

    public string? CaLocation { get; }

    /// <summary>True when a password is set (never the password itself).</summary>
    public bool HasPassword => !string.IsNullOrEmpty(_password);

    /// <summary>Writes the security settings into a producer, consumer or admin client configuration.</summary>
    public void ApplyTo(ClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Protocol is { } protocol) config.SecurityProtocol = protocol;
        if (Mechanism is { } mechanism) config.SaslMechanism = mechanism;
        if (Username is not null) config.SaslUsername = Username;
        if (_password is not null) config.SaslPassword = _password;
        if (CaLocation is not null) config.SslCaLocation = CaLocation;
    }

    /// <summary>" (SASL_SSL, SCRAM-SHA-512, user 'fink')" for messages about a broker; empty without settings. No password.</summary>
    public string Describe()
    {
        if (Protocol is null) return "";
        var parts = new List<string> { ProtocolName(Protocol.Value) };
        if (Mechanism is { } mechanism) parts.Add(MechanismName(mechanism));
        if (Username is not null) parts.Add($"user '{Username}'");
        return $" ({string.Join(", ", parts)})";
    }

    /// <inheritdoc/>
    public override string ToString() => Protocol is null ? "PLAINTEXT" : Describe().Trim(' ', '(', ')');

    /// <summary>The librdkafka spelling: SASL_SSL.</summary>
    public static string ProtocolName(SecurityProtocol protocol) => protocol switch
    {
        SecurityProtocol.Plaintext => "PLAINTEXT",
        SecurityProtocol.Ssl => "SSL",
        SecurityProtocol.SaslPlaintext => "SASL_PLAINTEXT",
        SecurityProtocol.SaslSsl => "SASL_SSL",
        _ => protocol.ToString(),
    };

    /// <summary>The librdkafka spelling: SCRAM-SHA-512.</summary>
    public static string MechanismName(SaslMechanism mechanism) => mechanism switch
    {
        SaslMechanism.Plain => "PLAIN",
        SaslMechanism.ScramSha256 => "SCRAM-SHA-256",
        SaslMechanism.ScramSha512 => "SCRAM-SHA-512",
        SaslMechanism.Gssapi => "GSSAPI",
        SaslMechanism.OAuthBearer => "OAUTHBEARER",
        _ => mechanism.ToString(),
    };
}
