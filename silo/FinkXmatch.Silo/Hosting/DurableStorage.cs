using FinkXmatch.Grains;
using Orleans.Configuration;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Durable mode (<c>--storage postgres://...</c>): cluster membership, grain state (the storage named
/// <see cref="GrainStorage.Name"/>) and reminders in PostgreSQL, so that several silo processes form one cluster and
/// everything survives a restart. The schema is made ready by <see cref="OrleansSchemaInstaller"/> before the silo
/// starts. Memory mode (<see cref="ConfigureMemory"/>) stays the zero-set-up default.
/// </summary>
public static class DurableStorage
{
    /// <summary>The ADO.NET provider name the Orleans providers look Npgsql up by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Registers the schema installer; call before <c>UseOrleans</c> so that it runs before the silo starts.</summary>
    public static void AddSchemaInstaller(IServiceCollection services, PostgresUrl database, ClusterSettings cluster)
    {
        services.AddSingleton(new OrleansSchemaInstaller.Target(database, cluster.CreateStorageSchema));
        services.AddSingleton<OrleansSchemaInstaller>();
        services.AddHostedService(sp => sp.GetRequiredService<OrleansSchemaInstaller>());
    }

    public static void ConfigurePostgres(ISiloBuilder silo, PostgresUrl database, ClusterSettings cluster, IConfiguration configuration)
    {
        var advertised = cluster.Validate();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        // A loopback address keeps the cluster on this machine; any other means "reachable from elsewhere".
        silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !System.Net.IPAddress.IsLoopback(advertised));
        // Failure detection timings (Orleans:Membership:ProbeTimeout, ...) for operators and tests; defaults otherwise.
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = database.ConnectionString;
        });
        silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = database.ConnectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = database.ConnectionString;
        });
    }

    /// <summary>An Orleans client of the cluster: the silos it may call are those PostgreSQL lists as active.</summary>
    public static void ConfigureClient(IClientBuilder client, PostgresUrl database, ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(cluster);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = database.ConnectionString;
        });
    }

    public static void ConfigureMemory(ISiloBuilder silo, ClusterSettings cluster)
    {
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
        silo.AddMemoryGrainStorage(GrainStorage.Name);
        // Reminders exist in both modes so that grains may use them; in memory they die with the process.
        silo.UseInMemoryReminderService();
    }
}
