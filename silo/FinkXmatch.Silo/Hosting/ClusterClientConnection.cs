using FinkXmatch.Grains.Settings;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// An Orleans client of a running FinkXmatch cluster, found as its silos are configured (appsettings.json beside the
/// executable, <c>FINKXMATCH__...</c> variables, then the flags <c>--storage</c>, <c>--gateway-port</c>,
/// <c>--cluster-id</c> of <see cref="ServiceFlags.ClusterClient"/>): the gateway on 127.0.0.1 in memory mode, the silos PostgreSQL lists in durable mode. It
/// reaches grain state wherever the cluster keeps it, so it sees what the service sees.
/// </summary>
public static class ClusterClientConnection
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Starts a client connected to the cluster; the caller disposes the host.</summary>
    /// <exception cref="UsageException">Settings that name no cluster.</exception>
    /// <exception cref="InvalidOperationException">No silo answered: the message says where it looked.</exception>
    public static async Task<(IHost Host, IClusterClient Client)> ConnectAsync(IReadOnlyDictionary<string, string?> flags, CancellationToken cancel)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(flags);
        // A command prints its own lines; the client's start-up chatter stays out of them.
        builder.Logging.ClearProviders();
        var cluster = ClusterSettings.Read(builder.Configuration);
        string where;
        if (cluster.Database() is { } database)
        {
            cluster.Validate();
            where = $"cluster '{cluster.ClusterId}' in PostgreSQL {database.Display}";
            builder.UseOrleansClient(client => DurableStorage.ConfigureClient(client, database, cluster));
        }
        else
        {
            where = $"the service's gateway at 127.0.0.1:{cluster.GatewayPort}";
            builder.UseOrleansClient(client => client.UseLocalhostClustering(cluster.GatewayPort));
        }
        var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(ConnectTimeout);
            await host.StartAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancel.IsCancellationRequested)
        {
            host.Dispose();
            var why = e is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : e.Message.ReplaceLineEndings(" ");
            throw new InvalidOperationException($"cannot reach the FinkXmatch cluster ({where}): is the service running with these settings? ({why})", e);
        }
        return (host, host.Services.GetRequiredService<IClusterClient>());
    }
}
