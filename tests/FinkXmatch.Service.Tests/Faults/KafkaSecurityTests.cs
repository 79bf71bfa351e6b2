using System.Globalization;
using System.Text.Json.Nodes;
using FinkXmatch.Service.Tests.Durable;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>
/// Kafka security settings reach the clients. librdkafka's mock cluster, which the embedded broker is, cannot require
/// SASL (it has no SaslHandshake or SaslAuthenticate handler; librdkafka's own tests skip SASL against it), so the test
/// shows the settings at work the other way: a service told to authenticate with SCRAM-SHA-512 to a <c>kafka serve</c>
/// broker fails its job, naming the broker and the mechanism, where the same broker without settings completes jobs
/// (<see cref="KafkaFaultTests"/>); the password, read from a file, appears nowhere.
/// </summary>
public sealed class KafkaSecurityTests(PlantedDatalakeFixture datalake, ITestOutputHelper output) : IClassFixture<PlantedDatalakeFixture>
{
    private const string Password = "pw-Zq8-never-shown-4711";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_on_a_broker_that_does_not_take_the_configured_SASL_fails_naming_broker_and_mechanism_without_the_password()
    {
        var port = TestPorts.Free();
        var broker = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        using var data = new TempDirectory();
        var passwordFile = Path.Combine(data.Path, "kafka-password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        await using var kafka = await FaultSilo.StartBrokerAsync(port);
        await using var silo = await FaultSilo.StartAsync(Path.Combine(data.Path, "data"), datalake.Root, broker, new Dictionary<string, string>
        {
            ["KAFKASECURITY__SECURITYPROTOCOL"] = "SASL_PLAINTEXT",
            ["KAFKASECURITY__SASLMECHANISM"] = "SCRAM-SHA-512",
            ["KAFKASECURITY__USERNAME"] = "fink",
            ["KAFKASECURITY__PASSWORDFILE"] = passwordFile,
            ["FINKXMATCH__KAFKAMAXATTEMPTS"] = "2",
            ["FINKXMATCH__KAFKAFIRSTRETRYDELAY"] = "00:00:00.200",
            ["FINKXMATCH__KAFKAOPERATIONTIMEOUT"] = "00:00:03",
        });
        var catalogId = await JobHttp.UploadAsync(silo, PlantedNightsDatalake.CatalogPath);
        var jobId = await JobHttp.SubmitAsync(silo, PlantedNightsDatalake.Request(catalogId));
        var failed = await JobHttp.WaitForFinishAsync(silo, jobId, Patience);
        var error = JsonNode.Parse(failed.Json)!["error"]!.GetValue<string>();
        output.WriteLine(error);
        Assert.Equal("failed", failed.Status);
        Assert.StartsWith($"Kafka at {broker} (SASL_PLAINTEXT, SCRAM-SHA-512, user 'fink'): creating topic {jobId} failed after 2 attempts: ", error, StringComparison.Ordinal);
        await FaultSilo.AssertHealthyAsync(silo);

        var log = await JobHttp.LogAsync(silo, jobId);
        foreach (var text in new[] { silo.Output, failed.Json, log, await silo.Client.GetStringAsync("/api/v1/info") })
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SASL_SSL", "SCRAM-SHA-512", "fink", null, "KafkaSecurity: give the SASL password in one of Password (e.g. KAFKASECURITY__PASSWORD) or PasswordFile")]
    [InlineData("SASL_PLAINTEXT", "GSSAPI", "fink", Password, "KafkaSecurity:SaslMechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, got 'GSSAPI'")]
    [InlineData("SASL_PLAINTEXT", null, "fink", Password, "KafkaSecurity:SaslMechanism is required with SASL")]
    [InlineData("TLS", null, null, null, "KafkaSecurity:SecurityProtocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got 'TLS'")]
    [InlineData(null, "PLAIN", "fink", Password, "needs KafkaSecurity:SecurityProtocol SASL_PLAINTEXT or SASL_SSL")]
    public async Task Kafka_security_settings_that_cannot_work_stop_the_start_without_showing_the_password(
        string? protocol, string? mechanism, string? user, string? password, string message)
    {
        var environment = new Dictionary<string, string>();
        if (protocol is not null) environment["KAFKASECURITY__SECURITYPROTOCOL"] = protocol;
        if (mechanism is not null) environment["KAFKASECURITY__SASLMECHANISM"] = mechanism;
        if (user is not null) environment["KAFKASECURITY__USERNAME"] = user;
        if (password is not null) environment["KAFKASECURITY__PASSWORD"] = password;
        var line = await StartRefusal.LineAsync(
            ["--urls", $"http://127.0.0.1:{TestPorts.Free().ToString(CultureInfo.InvariantCulture)}", "--kafka", "127.0.0.1:9"], environment);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
    }
}
