using Npgsql;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Makes the database ready before the Orleans silo starts: reaches it, creates the missing Orleans tables and logs
/// what it did. <see cref="ServiceHost.RunAsync"/> calls <see cref="PrepareAsync"/> before starting the host, so that
/// an unreachable server is one line and exit code 1; as a hosted service registered ahead of the silo it also
/// covers hosts started some other way (tests), and then does nothing twice.
/// </summary>
public sealed class OrleansSchemaInstaller(OrleansSchemaInstaller.Target target, ILogger<OrleansSchemaInstaller> logger) : IHostedService
{
    public sealed record Target(PostgresUrl Database, bool Create);

    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _done;

    /// <exception cref="InvalidOperationException">The database cannot be reached or its schema is incomplete.</exception>
    public async Task PrepareAsync(CancellationToken cancel)
    {
        await _once.WaitAsync(cancel);
        try
        {
            if (_done) return;
            IReadOnlyList<string> applied;
            try
            {
                applied = await OrleansSchema.EnsureAsync(target.Database.ConnectionString, target.Create, cancel);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                throw new InvalidOperationException($"PostgreSQL {target.Database.Display}: {OneLine(e)}", e);
            }
            if (applied.Count == 0)
                logger.LogInformation("PostgreSQL {Database}: Orleans schema present", target.Database.Display);
            else
                logger.LogInformation("PostgreSQL {Database}: created the Orleans schema ({Scripts})", target.Database.Display, string.Join(", ", applied));
            _done = true;
        }
        finally
        {
            _once.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => PrepareAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Npgsql wraps the socket error; its message ("Connection refused") is the one that says why.
    private static string OneLine(Exception e)
    {
        var message = e.Message;
        if (e is NpgsqlException { InnerException: { } inner } && inner is not NpgsqlException && inner.Message != e.Message)
            message += $" ({inner.Message})";
        return message.ReplaceLineEndings(" ");
    }
}
