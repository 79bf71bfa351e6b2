using FinkXmatch.Grains.Settings;
using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace FinkXmatch.Service.Tests;

/// <summary>
/// Each options class of the service, bound from the <c>FinkXmatch</c> section and validated on start: a value that
/// cannot work is refused before the service starts, in one line naming the key to change. In process through the
/// host's own registrations (<see cref="ServiceHost.SettingsProblem"/>), and on the real process (exit 2, one line).
/// </summary>
public sealed class ServiceSettingsTests
{
    [Theory]
    // DataDirectoryOptions
    [InlineData("DataDirectory", "", "--data-dir (FinkXmatch:DataDirectory) must not be empty")]
    // DatalakeOptions
    [InlineData("Datalake", "/no/such/datalake/dir", "--datalake '/no/such/datalake/dir' is not a directory: pass the folder holding year=YYYY/ (FinkXmatch:Datalake)")]
    [InlineData("Datalakes:lsst", "/no/such/datalake/dir", "--datalake lsst='/no/such/datalake/dir' is not a directory: pass the folder holding year=YYYY/ (FinkXmatch:Datalakes:lsst)")]
    [InlineData("Datalakes:hubble", "/", "FinkXmatch:Datalakes:hubble: unknown survey 'hubble', use ztf or lsst")]
    // KafkaOptions
    [InlineData("Kafka", "localhost", "--kafka (FinkXmatch:Kafka) must be 'embedded' or HOST:PORT[,HOST:PORT...], got 'localhost'")]
    [InlineData("Kafka", "a:1,b:99999", "--kafka (FinkXmatch:Kafka) must be 'embedded' or HOST:PORT[,HOST:PORT...], got 'a:1,b:99999'")]
    [InlineData("KafkaMaxAttempts", "0", "FinkXmatch:KafkaMaxAttempts must be positive, got 0")]
    [InlineData("KafkaFirstRetryDelay", "-00:00:01", "FinkXmatch:KafkaFirstRetryDelay must not be negative, got -00:00:01")]
    [InlineData("KafkaOperationTimeout", "00:00:00", "FinkXmatch:KafkaOperationTimeout must be positive, e.g. 00:00:30, got 00:00:00")]
    // JobOptions
    [InlineData("CoresPerJob", "0", "FinkXmatch:CoresPerJob must be positive, got 0")]
    [InlineData("MaxConcurrentShardScans", "-1", "FinkXmatch:MaxConcurrentShardScans must not be negative (0: twice the cores), got -1")]
    [InlineData("JobTickMilliseconds", "0", "FinkXmatch:JobTickMilliseconds must be positive, got 0")]
    // LimitOptions
    [InlineData("MaxUploadBytes", "0", "FinkXmatch:MaxUploadBytes must be positive, got 0")]
    [InlineData("MaxCatalogRows", "-5", "FinkXmatch:MaxCatalogRows must be positive, got -5")]
    [InlineData("MaxCatalogColumns", "0", "FinkXmatch:MaxCatalogColumns must be positive, got 0")]
    [InlineData("MaxFields", "0", "FinkXmatch:MaxFields must be positive, got 0")]
    [InlineData("MaxRequestBodyBytes", "0", "FinkXmatch:MaxRequestBodyBytes must be positive, got 0")]
    [InlineData("MaxSkySearchRows", "0", "FinkXmatch:MaxSkySearchRows must be positive, got 0")]
    [InlineData("MaxUnfinishedJobsPerClient", "0", "FinkXmatch:MaxUnfinishedJobsPerClient must be positive, got 0")]
    [InlineData("MaxUploadsPerUserPerDay", "0", "FinkXmatch:MaxUploadsPerUserPerDay must be positive, got 0")]
    [InlineData("MaxStoredBytesPerUser", "0", "FinkXmatch:MaxStoredBytesPerUser must be positive, got 0")]
    [InlineData("MaxUnfinishedJobs", "0", "FinkXmatch:MaxUnfinishedJobs must be positive, got 0")]
    // RetentionOptions
    [InlineData("ResultRetention", "00:00:00", "FinkXmatch:ResultRetention must be positive, e.g. 7.00:00:00, got 00:00:00")]
    [InlineData("CatalogRetention", "-1.00:00:00", "FinkXmatch:CatalogRetention must be positive, e.g. 1.00:00:00, got -1.00:00:00")]
    [InlineData("RetentionSweepInterval", "00:00:00", "FinkXmatch:RetentionSweepInterval must be positive, e.g. 00:10:00, got 00:00:00")]
    // A value the binder cannot convert: it names the key and the value.
    [InlineData("CoresPerJob", "many", "Failed to convert configuration value 'many' at 'FinkXmatch:CoresPerJob'")]
    public async Task A_setting_that_cannot_work_is_refused_at_start_naming_its_key(string member, string value, string message)
    {
        var problem = await ProblemAsync(new() { [FinkXmatchSection.Key(member)] = value });
        Assert.NotNull(problem);
        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_defaults_are_valid() => Assert.Null(await ProblemAsync([]));

    [Fact]
    public async Task Several_refusals_are_one_line()
    {
        var problem = await ProblemAsync(new() { ["FinkXmatch:MaxFields"] = "0", ["FinkXmatch:CoresPerJob"] = "0", ["FinkXmatch:ResultRetention"] = "00:00:00" });
        Assert.NotNull(problem);
        Assert.DoesNotContain("\n", problem, StringComparison.Ordinal);
        Assert.Contains("FinkXmatch:MaxFields must be positive, got 0", problem, StringComparison.Ordinal);
        Assert.Contains("FinkXmatch:CoresPerJob must be positive, got 0", problem, StringComparison.Ordinal);
        Assert.Contains("FinkXmatch:ResultRetention must be positive", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SiloPort", "0", "FinkXmatch:SiloPort must be a port from 1 to 65535, got 0")]
    [InlineData("GatewayPort", "70000", "FinkXmatch:GatewayPort must be a port from 1 to 65535, got 70000")]
    [InlineData("Storage", "redis", "--storage must be 'memory' or a postgres://... URL, got 'redis'")]
    [InlineData("Storage", "postgres://localhost/fx", "--storage: 'postgres://localhost/fx' names no user")]
    public void Cluster_settings_are_refused_when_the_host_is_wired(string member, string value, string message)
    {
        var error = Assert.Throws<UsageException>(() =>
            ServiceHost.Build(ServiceCommandLine.Parse([]), b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [FinkXmatchSection.Key(member)] = value })));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>One setting per options class on the real process: exit 2 and the one line <c>error: ...</c>.</summary>
    [Theory]
    [InlineData("FINKXMATCH__DATALAKES__LSST", "/no/such/datalake/dir", "error: --datalake lsst='/no/such/datalake/dir' is not a directory")]
    [InlineData("FINKXMATCH__KAFKAOPERATIONTIMEOUT", "00:00:00", "error: FinkXmatch:KafkaOperationTimeout must be positive")]
    [InlineData("FINKXMATCH__JOBTICKMILLISECONDS", "0", "error: FinkXmatch:JobTickMilliseconds must be positive, got 0")]
    [InlineData("FINKXMATCH__MAXFIELDS", "0", "error: FinkXmatch:MaxFields must be positive, got 0")]
    [InlineData("FINKXMATCH__PLANNIGHTSINTERVAL", "-00:01:00", "error: FinkXmatch:PlanNightsInterval must be positive, e.g. 00:05:00, got -00:01:00")]
    [InlineData("FINKXMATCH__CATALOGRETENTION", "00:00:00", "error: FinkXmatch:CatalogRetention must be positive")]
    [InlineData("FINKXMATCH__GATEWAYPORT", "0", "error: FinkXmatch:GatewayPort must be a port from 1 to 65535, got 0")]
    public async Task The_service_refuses_it_in_one_line_and_exits_2(string variable, string value, string line) =>
        Assert.StartsWith(line, await StartRefusal.LineAsync(["--urls", $"http://127.0.0.1:{TestPorts.Free()}"], new Dictionary<string, string> { [variable] = value }),
            StringComparison.Ordinal);

    /// <summary>Every key of the shipped appsettings.json is bound by exactly one settings class, under its old name.</summary>
    [Fact]
    public void Each_key_of_the_section_is_bound_by_one_class()
    {
        Type[] classes = [typeof(DataDirectoryOptions), typeof(DatalakeOptions), typeof(KafkaOptions), typeof(JobOptions),
            typeof(LimitOptions), typeof(RetentionOptions), typeof(ClusterSettings)];
        var owners = classes.SelectMany(c => c.GetProperties().Where(p => p.CanWrite).Select(p => (Key: p.Name, Class: c.Name)))
            .GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Select(p => p.Class).ToList(), StringComparer.OrdinalIgnoreCase);
        Assert.All(owners, o => Assert.Single(o.Value));

        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build()
            .GetSection(FinkXmatchSection.Name).GetChildren().Select(c => c.Key).ToList();
        Assert.Contains("MaxFields", shipped);
        Assert.All(shipped, key => Assert.True(owners.ContainsKey(key), $"FinkXmatch:{key} is bound by no settings class"));
    }

    private static async Task<string?> ProblemAsync(Dictionary<string, string?> settings)
    {
        await using var app = ServiceHost.Build(ServiceCommandLine.Parse([]), b => b.Configuration.AddInMemoryCollection(settings));
        return ServiceHost.SettingsProblem(app.Services);
    }
}
