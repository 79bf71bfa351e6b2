using Confluent.Kafka;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Silo.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The <c>KafkaSecurity</c> section: how the service and the <c>xmatch --kafka</c> / <c>transfer</c> verbs authenticate
/// to a real Kafka cluster (Fink's requires SASL). From appsettings.json or the environment
/// (<c>KAFKASECURITY__SECURITYPROTOCOL=SASL_SSL</c>, <c>KAFKASECURITY__PASSWORD</c>, or <c>KAFKASECURITY__PASSWORDFILE</c>
/// naming a file, e.g. a mounted secret); never from a command-line flag, where other users of the machine could read it.
/// </summary>
public sealed class KafkaSecurityOptions
{
    public const string Section = "KafkaSecurity";

    /// <summary>PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL.</summary>
    public string? SecurityProtocol { get; set; }

    /// <summary>PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (with a SASL protocol).</summary>
    public string? SaslMechanism { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A file holding the password (trailing line breaks ignored), instead of <see cref="Password"/>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The CA certificates (PEM) that sign the brokers' certificates, for SSL and SASL_SSL.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>The settings for the Kafka clients (the password file read now).</summary>
    public KafkaSecurity ToSecurity()
    {
        if (Protocol(SecurityProtocol) is not { } protocol) return KafkaSecurity.None;
        var password = PasswordFile is { Length: > 0 } file ? File.ReadAllText(file).TrimEnd('\r', '\n') : Password;
        return new KafkaSecurity(protocol, Mechanism(SaslMechanism), NullIfEmpty(Username), password, NullIfEmpty(SslCaLocation));
    }

    /// <summary>The settings of the command-line verbs: appsettings.json beside the executable, then the environment.</summary>
    /// <exception cref="UsageException">Settings that cannot work, as the service would refuse them.</exception>
    public static KafkaSecurity FromEnvironment()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(Section).Get<KafkaSecurityOptions>() ?? new KafkaSecurityOptions();
        var result = new KafkaSecurityOptionsValidator().Validate(null, options);
        if (result.Failed) throw new UsageException(result.FailureMessage);
        return options.ToSecurity();
    }

    /// <summary>The protocol named by <paramref name="text"/> (librdkafka's SASL_SSL or .NET's SaslSsl), null when none is given.</summary>
    /// <exception cref="FormatException">An unknown protocol.</exception>
    internal static SecurityProtocol? Protocol(string? text) => Word(text) switch
    {
        null => null,
        "PLAINTEXT" => Confluent.Kafka.SecurityProtocol.Plaintext,
        "SSL" => Confluent.Kafka.SecurityProtocol.Ssl,
        "SASLPLAINTEXT" => Confluent.Kafka.SecurityProtocol.SaslPlaintext,
        "SASLSSL" => Confluent.Kafka.SecurityProtocol.SaslSsl,
        _ => throw new FormatException($"{Section}:SecurityProtocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got '{text}'"),
    };

    /// <exception cref="FormatException">An unknown or unsupported mechanism.</exception>
    internal static SaslMechanism? Mechanism(string? text) => Word(text) switch
    {
        null => null,
        "PLAIN" => Confluent.Kafka.SaslMechanism.Plain,
        "SCRAMSHA256" => Confluent.Kafka.SaslMechanism.ScramSha256,
        "SCRAMSHA512" => Confluent.Kafka.SaslMechanism.ScramSha512,
        _ => throw new FormatException($"{Section}:SaslMechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, got '{text}'"),
    };

    private static string? Word(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : new string(text.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
