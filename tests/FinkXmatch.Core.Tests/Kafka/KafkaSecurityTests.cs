using Confluent.Kafka;
using FinkXmatch.Core.Kafka;

namespace FinkXmatch.Core.Tests.Kafka;

public class KafkaSecurityTests
{
    private const string Password = "s3cret-pw-never-printed";

    [Fact]
    public void Settings_reach_librdkafkas_configuration_under_its_own_keys()
    {
        var security = new KafkaSecurity(SecurityProtocol.SaslSsl, SaslMechanism.ScramSha512, "fink", Password, "/etc/ssl/ca.pem");
        foreach (ClientConfig config in new ClientConfig[] { new ProducerConfig(), new ConsumerConfig(), new AdminClientConfig() })
        {
            security.ApplyTo(config);
            var keys = config.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal("sasl_ssl", keys["security.protocol"]);
            Assert.Equal("SCRAM-SHA-512", keys["sasl.mechanism"]);
            Assert.Equal("fink", keys["sasl.username"]);
            Assert.Equal(Password, keys["sasl.password"]);
            Assert.Equal("/etc/ssl/ca.pem", keys["ssl.ca.location"]);
        }
    }

    [Fact]
    public void No_settings_leave_the_configuration_as_it_was()
    {
        var config = new ProducerConfig { BootstrapServers = "k:9092" };
        KafkaSecurity.None.ApplyTo(config);
        Assert.Equal(["bootstrap.servers"], config.Select(kv => kv.Key));
        Assert.Equal("", KafkaSecurity.None.Describe());
    }

    [Fact]
    public void Descriptions_name_protocol_mechanism_and_user_never_the_password()
    {
        var security = new KafkaSecurity(SecurityProtocol.SaslPlaintext, SaslMechanism.Plain, "fink", Password);
        Assert.Equal(" (SASL_PLAINTEXT, PLAIN, user 'fink')", security.Describe());
        Assert.Equal("SASL_PLAINTEXT, PLAIN, user 'fink'", security.ToString());
        Assert.True(security.HasPassword);
        var options = KafkaOutputOptions.Default with { Security = security };
        Assert.DoesNotContain(Password, options.ToString(), StringComparison.Ordinal);
    }
}
