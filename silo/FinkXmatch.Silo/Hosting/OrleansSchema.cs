using System.Reflection;
using Npgsql;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The Orleans ADO.NET tables in PostgreSQL: the scripts of deploy/postgres (embedded in this assembly), applied to
/// a database that lacks them. Idempotent and safe when several silos start at once: each script is applied only if
/// its table is missing, all under one transaction-scoped advisory lock.
/// </summary>
public static class OrleansSchema
{
    /// <summary>Each script, in the order they must run, with the table whose presence shows it was applied.</summary>
    public static readonly IReadOnlyList<(string Script, string Table)> Parts =
    [
        ("PostgreSQL-Main.sql", "orleansquery"),
        ("PostgreSQL-Clustering.sql", "orleansmembershiptable"),
        ("PostgreSQL-Persistence.sql", "orleansstorage"),
        ("PostgreSQL-Reminders.sql", "orleansreminderstable"),
    ];

    /// <summary>The statements the 10.4.2 providers load at start; a schema without one of them fails there.</summary>
    public static readonly IReadOnlyList<string> RequiredQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    // Any constant shared by every FinkXmatch silo: serialises schema creation across processes.
    private const long SchemaLockKey = 0x46_69_6E_6B_58_6D_61_74; // "FinkXmat"

    /// <summary>Creates what is missing (when <paramref name="create"/>) and checks the result.</summary>
    /// <returns>The scripts applied, empty when the schema was already complete.</returns>
    /// <exception cref="InvalidOperationException">Tables or queries missing and not to be created.</exception>
    public static async Task<IReadOnlyList<string>> EnsureAsync(string connectionString, bool create, CancellationToken cancel)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancel);
        }

        var applied = new List<string>();
        foreach (var (script, table) in Parts)
        {
            if (await TableExistsAsync(connection, transaction, table, cancel)) continue;
            if (!create)
                throw new InvalidOperationException($"the database has no table {table}: apply deploy/postgres/{script} or allow FinkXmatch:CreateStorageSchema");
            await using var command = new NpgsqlCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancel);
            applied.Add(script);
        }

        var missing = RequiredQueryKeys.Except(await QueryKeysAsync(connection, transaction, cancel), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"table OrleansQuery lacks {string.Join(", ", missing)}: re-apply the scripts of deploy/postgres to an empty database");
        await transaction.CommitAsync(cancel);
        return applied;
    }

    /// <summary>The text of one of <see cref="Parts"/>, as shipped in deploy/postgres.</summary>
    public static string ReadScript(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"FinkXmatch.Schema.{script}")
            ?? throw new InvalidOperationException($"schema script {script} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancel)
    {
        // Unquoted names fold to lower case; to_regclass follows the search_path like the providers' queries do.
        await using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("name", table);
        return (bool)(await command.ExecuteScalarAsync(cancel))!;
    }

    private static async Task<HashSet<string>> QueryKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancel)
    {
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancel)) keys.Add(reader.GetString(0));
        return keys;
    }
}
