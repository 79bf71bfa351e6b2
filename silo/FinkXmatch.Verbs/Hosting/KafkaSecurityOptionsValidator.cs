using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Refuses Kafka security settings that cannot work, at start (<c>ValidateOnStart</c>): an unknown protocol or
/// mechanism, SASL without a mechanism, user or password (or with both a password and a password file), a password
/// file or CA file that cannot be read. Messages name the setting, never the password.
/// </summary>
public sealed class KafkaSecurityOptionsValidator : IValidateOptions<KafkaSecurityOptions>
{
    private const string S = KafkaSecurityOptions.Section;

    public ValidateOptionsResult Validate(string? name, KafkaSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SecurityProtocol? protocol;
        SaslMechanism? mechanism;
        try
        {
            protocol = KafkaSecurityOptions.Protocol(options.SecurityProtocol);
            mechanism = KafkaSecurityOptions.Mechanism(options.SaslMechanism);
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
        var sasl = protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        var hasFile = !string.IsNullOrWhiteSpace(options.PasswordFile);
        if (!sasl && (mechanism is not null || !string.IsNullOrEmpty(options.Username) || hasPassword || hasFile))
            return ValidateOptionsResult.Fail($"{S}: a SASL mechanism, user or password needs {S}:SecurityProtocol SASL_PLAINTEXT or SASL_SSL");
        if (sasl)
        {
            if (mechanism is null) return ValidateOptionsResult.Fail($"{S}:SaslMechanism is required with SASL: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
            if (string.IsNullOrWhiteSpace(options.Username)) return ValidateOptionsResult.Fail($"{S}:Username is required with SASL");
            if (hasPassword == hasFile)
                return ValidateOptionsResult.Fail($"{S}: give the SASL password in one of Password (e.g. KAFKASECURITY__PASSWORD) or PasswordFile");
            if (hasFile && !File.Exists(options.PasswordFile))
                return ValidateOptionsResult.Fail($"{S}:PasswordFile '{options.PasswordFile}' is not a readable file");
        }
        if (!string.IsNullOrWhiteSpace(options.SslCaLocation) && !File.Exists(options.SslCaLocation))
            return ValidateOptionsResult.Fail($"{S}:SslCaLocation '{options.SslCaLocation}' is not a readable file of CA certificates (PEM)");
        return ValidateOptionsResult.Success;
    }
}
