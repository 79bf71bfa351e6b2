using System.Net;
using System.Net.Sockets;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>Starting with <c>--storage postgres://...</c>: the schema, and the one-line failures.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableStartTests(PostgresServer postgres)
{
    private static readonly string[] Tables = ["orleansquery", "orleansmembershipversiontable", "orleansmembershiptable", "orleansstorage", "orleansreminderstable"];

    [Fact]
    public async Task A_silo_on_an_empty_database_creates_the_schema_and_becomes_healthy()
    {
        await using var cluster = await DurableCluster.CreateAsync(postgres, size: 1);
        foreach (var table in Tables)
            Assert.False(await postgres.ScalarAsync<bool>(cluster.DatabaseUrl, $"SELECT to_regclass('{table}') IS NOT NULL"));

        await cluster.StartAsync();

        using var health = await cluster[0].Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        foreach (var table in Tables)
            Assert.True(await postgres.ScalarAsync<bool>(cluster.DatabaseUrl, $"SELECT to_regclass('{table}') IS NOT NULL"), table);
        Assert.Equal(OrleansSchema.RequiredQueryKeys.Count, await postgres.ScalarAsync<int>(cluster.DatabaseUrl, "SELECT count(*) FROM OrleansQuery"));
        Assert.Equal(1, await cluster.SilosWithStatusAsync(3));
    }

    [Fact]
    public async Task Silos_starting_together_create_the_schema_once()
    {
        var url = await postgres.CreateDatabaseAsync();
        var connectionString = PostgresUrl.Parse(url).ConnectionString;

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => OrleansSchema.EnsureAsync(connectionString, create: true, CancellationToken.None))));

        Assert.Single(runs, applied => applied.Count == OrleansSchema.Parts.Count);
        Assert.Equal(2, runs.Count(applied => applied.Count == 0));
        Assert.Empty(await OrleansSchema.EnsureAsync(connectionString, create: false, CancellationToken.None));
    }

    [Fact]
    public async Task Without_schema_creation_an_empty_database_is_refused_naming_the_scripts()
    {
        var url = await postgres.CreateDatabaseAsync();
        var exit = await RunToExitAsync(["--storage", url], new Dictionary<string, string> { ["FINKXMATCH__CREATESTORAGESCHEMA"] = "false" });

        Assert.Equal(1, exit.Code);
        Assert.Equal($"failed: PostgreSQL {PostgresUrl.Parse(url).Display}: the database has no table orleansquery: apply deploy/postgres/PostgreSQL-Main.sql or allow FinkXmatch:CreateStorageSchema", exit.Output);
        Assert.False(await postgres.ScalarAsync<bool>(url, "SELECT to_regclass('orleansquery') IS NOT NULL"));
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_and_exit_code_1()
    {
        var closedPort = ClosedPort();
        var exit = await RunToExitAsync(["--storage", $"postgres://fx:secret@127.0.0.1:{closedPort}/fx"]);

        Assert.Equal(1, exit.Code);
        Assert.Equal($"failed: PostgreSQL fx@127.0.0.1:{closedPort}/fx: Failed to connect to 127.0.0.1:{closedPort} (Connection refused)", exit.Output);
    }

    [Fact]
    public async Task A_wrong_password_is_one_line_and_exit_code_1()
    {
        var url = (await postgres.CreateDatabaseAsync()).Replace(PostgresServer.Password, "wrong", StringComparison.Ordinal);
        var exit = await RunToExitAsync(["--storage", url]);

        Assert.Equal(1, exit.Code);
        Assert.StartsWith($"failed: PostgreSQL {PostgresUrl.Parse(url).Display}: 28P01: password authentication failed", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", exit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_url_is_one_line_and_exit_code_2()
    {
        var exit = await RunToExitAsync(["--storage", "postgres://fx:secret@localhost"]);

        Assert.Equal(2, exit.Code);
        Assert.Equal("error: --storage: 'postgres://fx:***@localhost' names no database, expected postgres://USER:PASSWORD@HOST:PORT/DATABASE", exit.Output);
    }

    private static async Task<(int Code, string Output)> RunToExitAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var data = Path.Combine(Path.GetTempPath(), $"finkxmatch-durable-start-{Guid.NewGuid():N}");
        try
        {
            await using var silo = SiloProcess.Start(new Uri($"http://127.0.0.1:{ClosedPort()}"), [.. args, "--data-dir", data], environment);
            var code = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
            return (code, silo.Output.Trim());
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    // A port nobody listens on (free a moment ago).
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
