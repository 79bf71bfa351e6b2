using System.Text.Json;
using Npgsql;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// A gate the test owns in its cluster's PostgreSQL: while closed, a trigger refuses every update of one job grain's
/// stored state, as a storage outage would, so the job carries on in memory (its nights scan and commit to Kafka)
/// while what PostgreSQL holds stays behind. A test then knows, without racing the job, that Kafka holds a night the
/// stored job has not recorded, which is the moment the durable tests strike.
/// </summary>
internal sealed class JobStateGate(PostgresServer postgres, string databaseUrl)
{
    // The job grain's row: Orleans' ADO.NET storage keeps a string grain key in GrainIdExtensionString.
    private const string Install = """
        CREATE TABLE IF NOT EXISTS fx_test_gate (job varchar(512) PRIMARY KEY);
        CREATE OR REPLACE FUNCTION fx_test_gate_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM fx_test_gate WHERE job = NEW.GrainIdExtensionString) THEN
                RAISE EXCEPTION 'the test holds the stored state of %', NEW.GrainIdExtensionString;
            END IF;
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS fx_test_gate_refuse ON OrleansStorage;
        CREATE TRIGGER fx_test_gate_refuse BEFORE UPDATE ON OrleansStorage FOR EACH ROW EXECUTE FUNCTION fx_test_gate_refuse();
        """;

    /// <summary>From now on no update of <paramref name="jobId"/>'s stored state goes through.</summary>
    public async Task CloseAsync(string jobId)
    {
        await ExecuteAsync(Install);
        await ExecuteAsync("INSERT INTO fx_test_gate (job) VALUES (@job) ON CONFLICT DO NOTHING", jobId);
        // A gate on no row would hold nothing: the job's row must be the one the trigger names.
        Assert.Equal(1, await postgres.ScalarAsync<int>(databaseUrl,
            $"SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = '{jobId}'"));
    }

    /// <summary>Updates go through again.</summary>
    public Task OpenAsync() => ExecuteAsync("DELETE FROM fx_test_gate");

    /// <summary>How many nights the stored state of <paramref name="jobId"/> records as done.</summary>
    public async Task<int> StoredNightsDoneAsync(string jobId)
    {
        var json = await postgres.ScalarAsync<string>(databaseUrl,
            $"SELECT convert_from(PayloadBinary, 'UTF8') FROM OrleansStorage WHERE GrainIdExtensionString = '{jobId}'");
        using var state = JsonDocument.Parse(json);
        // Orleans' JSON storage puts "$id" and "$type" members beside the nights, and leaves out default values (Pending).
        return state.RootElement.GetProperty("Shards").EnumerateObject()
            .Count(night => night.Value.ValueKind == JsonValueKind.Object && night.Value.TryGetProperty("Status", out var status)
                && status.GetInt32() == (int)Grains.Jobs.ShardRecordStatus.Done);
    }

    private async Task ExecuteAsync(string sql, string? job = null)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString(new Uri(databaseUrl).AbsolutePath.Trim('/')));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (job is not null) command.Parameters.AddWithValue("job", job);
        await command.ExecuteNonQueryAsync();
    }
}
