using System.Globalization;
using FinkXmatch.Service.Tests.Durable;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>
/// One <c>finkxmatch</c> service process in memory mode for the fault tests: its own free HTTP, silo and gateway
/// ports, the given data directory, datalake and Kafka, settings as <c>FINKXMATCH__*</c> variables, warnings and
/// errors on its output (which the tests read for the Kafka retry lines).
/// </summary>
internal static class FaultSilo
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<SiloProcess> StartAsync(string dataDirectory, string datalake, string kafka,
        IReadOnlyDictionary<string, string> settings, IReadOnlyList<string>? launcher = null)
    {
        var environment = new Dictionary<string, string>(settings) { ["Logging__LogLevel__Default"] = "Warning" };
        var silo = SiloProcess.Start(new Uri($"http://127.0.0.1:{TestPorts.Free().ToString(CultureInfo.InvariantCulture)}"),
        [
            "--data-dir", dataDirectory,
            "--datalake", datalake,
            "--kafka", kafka,
            "--silo-port", TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", TestPorts.Free().ToString(CultureInfo.InvariantCulture),
        ], environment, launcher);
        try
        {
            await silo.WaitHealthyAsync(StartTimeout);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>finkxmatch kafka serve --port <paramref name="port"/></c>, once it listens.</summary>
    public static async Task<SiloProcess> StartBrokerAsync(int port)
    {
        var broker = SiloProcess.StartCommand(["kafka", "serve", "--port", port.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await broker.WaitForOutputAsync("embedded Kafka broker listening", StartTimeout);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>GET /health answers 200: the process is up and its silo active.</summary>
    public static async Task AssertHealthyAsync(SiloProcess silo)
    {
        Assert.False(silo.HasExited, $"the silo exited {(silo.HasExited ? silo.ExitCode : 0)}:\n{silo.Output}");
        using var response = await silo.Client.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
