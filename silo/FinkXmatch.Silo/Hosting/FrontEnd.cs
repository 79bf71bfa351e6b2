using FinkXmatch.Grains.Settings;
using FinkXmatch.Silo.Cli;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// <c>finkxmatch api</c>: the HTTP API, the web page and the dashboard without a silo, calling the grains of a durable
/// cluster as an Orleans client (found through the silos' PostgreSQL membership table). It needs what the API reads
/// itself: the cluster's database, data directory (uploads are written there), datalake (requests are checked against
/// it) and Kafka broker (shown by <c>/info</c>). Killing it loses nothing: every job lives in the silos.
/// </summary>
public static class FrontEnd
{
    /// <summary>The database of the cluster the front end calls.</summary>
    /// <exception cref="UsageException">Memory storage: there is no cluster to front.</exception>
    public static PostgresUrl Database(ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Database() ?? throw new UsageException("finkxmatch api needs --storage postgres://... : the database of the silo cluster it fronts");
    }

    public static void AddClusterClient(WebApplicationBuilder builder, PostgresUrl database, ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseOrleansClient(client =>
        {
            DurableStorage.ConfigureClient(client, database, cluster);
            client.AddDashboard();
        });
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        // The broker and the datalake of the silos are needed too; refused at start like any other setting.
        builder.Services.AddSingleton<IValidateOptions<KafkaOptions>, FrontEndSettingsValidator>();
        builder.Services.AddSingleton<IValidateOptions<DatalakeOptions>, FrontEndSettingsValidator>();
    }
}
