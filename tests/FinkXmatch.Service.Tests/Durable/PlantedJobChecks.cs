namespace FinkXmatch.Service.Tests.Durable;

/// <summary>What a job over <see cref="PlantedNightsDatalake"/> must have produced, whatever struck it on the way.</summary>
internal static class PlantedJobChecks
{
    /// <summary>
    /// Completed with the counters, the downloadable results and the Kafka topic of the local reference run:
    /// every match once, none lost, none doubled.
    /// </summary>
    public static Task AssertCompletedExactlyOnceAsync(SiloProcess silo, string bootstrapServers, string jobId, JobStatusView final,
        ResultTable expected) => AssertCompletedExactlyOnceAsync(silo.Client, bootstrapServers, jobId, final, expected);

    /// <inheritdoc cref="AssertCompletedExactlyOnceAsync(SiloProcess, string, string, JobStatusView, ResultTable)"/>
    public static async Task AssertCompletedExactlyOnceAsync(HttpClient api, string bootstrapServers, string jobId, JobStatusView final,
        ResultTable expected)
    {
        Assert.True(final.Status == "completed", final.Json);
        Assert.True(expected.Rows.Count > 500, $"only {expected.Rows.Count} planted matches");
        Assert.Equal(PlantedNightsDatalake.Nights, final.ShardsDone);
        Assert.Equal((long)PlantedNightsDatalake.Nights * PlantedNightsDatalake.AlertsPerNight, final.AlertsScanned);
        Assert.Equal(expected.Rows.Count, final.Matches);

        // GET /results: the local run's rows, in the same order, value by value.
        var results = await JobHttp.ResultsAsync(api, jobId);
        Assert.Equal(expected.Columns, results.Columns);
        Assert.Equal(expected.Rows.Count, results.Rows.Count);
        for (var r = 0; r < expected.Rows.Count; r++) Assert.Equal(expected.Rows[r], results.Rows[r]);

        // Kafka, read_committed: one message per match (kcat), and decoded, the same multiset of rows.
        await JobTopicReader.AssertEveryMatchOnceAsync(bootstrapServers, jobId, expected);
    }
}
