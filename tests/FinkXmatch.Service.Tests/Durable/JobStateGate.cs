using System.Text.Json;
using Npgsql;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// A gate the test owns in its cluster's PostgreSQL: while set (<see cref="HoldJobsAfterAsync"/>), a trigger refuses every
/// update of a job grain's stored state that would record more than a given number of nights done, as a storage outage
/// would. A job then carries on in memory only as far as its running nights: they scan and commit to Kafka, the job
/// records them in memory, and, its state unsaved, starts no other night (each tick first saves again). So a job of
/// millisecond nights is held, without racing it, with Kafka holding nights that PostgreSQL does not record, which is
/// the moment the durable tests strike; set before the job is submitted, the gate holds it however fast it runs.
/// </summary>
internal sealed class JobStateGate(PostgresServer postgres, string databaseUrl)
{
    // The job grain's row: Orleans' ADO.NET storage keeps a string grain key in GrainIdExtensionString and the state as
    // JSON in PayloadBinary, its nights under "Shards" (with "$id"/"$type" members beside them; Status 2 is Done, a
    // default Pending is left out). A row that is not a job's (a catalog's, the register's) has no "Shards": 0 nights.
    private const string Install = """
        CREATE TABLE IF NOT EXISTS fx_test_gate (nights int NOT NULL);
        CREATE OR REPLACE FUNCTION fx_test_nights_done(payload bytea) RETURNS int LANGUAGE plpgsql AS $$
        DECLARE
            state jsonb;
        BEGIN
            state := convert_from(payload, 'UTF8')::jsonb;
            RETURN (SELECT count(*) FROM jsonb_each(COALESCE(state -> 'Shards', '{}'::jsonb)) night
                WHERE jsonb_typeof(night.value) = 'object' AND night.value ->> 'Status' = '2');
        EXCEPTION WHEN others THEN
            RETURN 0;
        END $$;
        CREATE OR REPLACE FUNCTION fx_test_gate_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM fx_test_gate WHERE fx_test_nights_done(NEW.PayloadBinary) > nights) THEN
                RAISE EXCEPTION 'the test holds the stored state of %', NEW.GrainIdExtensionString;
            END IF;
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS fx_test_gate_refuse ON OrleansStorage;
        CREATE TRIGGER fx_test_gate_refuse BEFORE UPDATE ON OrleansStorage FOR EACH ROW EXECUTE FUNCTION fx_test_gate_refuse();
        """;

    private int _heldNights;

    /// <summary>From now on no job's stored state is updated to record more than <paramref name="nights"/> nights done.</summary>
    public async Task HoldJobsAfterAsync(int nights)
    {
        _heldNights = nights;
        await ExecuteAsync(Install);
        await ExecuteAsync($"DELETE FROM fx_test_gate; INSERT INTO fx_test_gate (nights) VALUES ({nights})");
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

    /// <summary>
    /// Waits until the gate holds <paramref name="jobId"/> (set by <see cref="HoldJobsAfterAsync"/> before it was submitted):
    /// Kafka holds more nights than the gate lets PostgreSQL record, so more than it records now or ever will while the gate
    /// is set. (Kafka ahead of what PostgreSQL records at one look is not enough: the two are read one after the other, and
    /// a night recorded in between, up to the gate's number, could catch Kafka up; CI saw 2 recorded and 2 committed at the
    /// stop.) Answers what each holds.
    /// </summary>
    public async Task<string> HeldBehindKafkaAsync(string bootstrapServers, string jobId, TimeSpan patience)
    {
        var (stored, committed) = (0, 0);
        await DurableCluster.WaitUntilAsync(async () =>
        {
            stored = await StoredNightsDoneAsync(jobId);
            committed = await JobTopicReader.CommittedNightsAsync(bootstrapServers, jobId);
            return committed > _heldNights && committed > stored;
        }, patience, $"job {jobId} held with Kafka ahead of PostgreSQL");
        return $"{stored} nights recorded in PostgreSQL, {committed} committed to Kafka";
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString(new Uri(databaseUrl).AbsolutePath.Trim('/')));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
