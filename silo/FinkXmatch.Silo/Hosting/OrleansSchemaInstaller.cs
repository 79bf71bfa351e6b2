using Npgsql;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// Runs before the Orleans silo starts (it is registered first): reaches the database, creates the missing Orleans
/// tables, and logs what it did. An unreachable server stops the start with one line naming it (exit code 1).
/// </summary>
public sealed class OrleansSchemaInstaller(OrleansSchemaInstaller.Target target, ILogger<OrleansSchemaInstaller> logger) : IHostedService
{
    public sealed record Target(PostgresUrl Database, bool Create);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> applied;
        try
        {
            applied = await OrleansSchema.EnsureAsync(target.Database.ConnectionString, target.Create, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"PostgreSQL {target.Database.Display}: {OneLine(e)}", e);
        }
        if (applied.Count == 0)
            logger.LogInformation("PostgreSQL {Database}: Orleans schema present", target.Database.Display);
        else
            logger.LogInformation("PostgreSQL {Database}: created the Orleans schema ({Scripts})", target.Database.Display, string.Join(", ", applied));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Npgsql wraps the socket error; the innermost message is the one that says why ("Connection refused").
    private static string OneLine(Exception e)
    {
        var message = e.Message;
        if (e is NpgsqlException { InnerException: { } inner } && inner is not NpgsqlException) message += $" ({inner.Message})";
        return message.ReplaceLineEndings(" ");
    }
}
