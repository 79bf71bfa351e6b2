using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains;
using FinkXmatch.Silo.Cli;
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
    /// <exception cref="UsageException">A setting the front end cannot do without.</exception>
    public static void Check(FinkXmatchOptions options, PostgresUrl? database)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (database is null)
            throw new UsageException("finkxmatch api needs --storage postgres://... : the database of the silo cluster it fronts");
        if (KafkaEndpoint.IsEmbeddedSpec(options.Kafka))
            throw new UsageException("finkxmatch api needs --kafka HOST:PORT: the broker its silos write to");
        if (string.IsNullOrWhiteSpace(options.Datalake) && options.Datalakes.Count == 0)
            throw new UsageException("finkxmatch api needs --datalake: the silos' datalake, against which it checks requests");
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
    }
}
