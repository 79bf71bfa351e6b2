using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// What a job makes outside its state: its Kafka topics (data, schema, progress) and its result files. Every call
/// runs on the thread pool, off the grain's scheduler: the Kafka client blocks its thread for up to
/// <c>KafkaOperationTimeout</c> per attempt while a broker does not answer, and a deletion on a shared (network) data
/// directory may block too.
/// </summary>
internal sealed class JobOutputs(XmatchJobResources resources, string jobId)
{
    /// <summary>Creates the topics and publishes the schema (idempotent: a resumed job may have done it); returns the job's plan.</summary>
    public async Task<XmatchPlan> PrepareTopicsAsync(XmatchJobRequest request, DateTimeOffset submittedAt)
    {
        var plan = await resources.GetPlanAsync(jobId, request);
        await Task.Run(() => ResultTopics.PrepareAsync(resources.Kafka, jobId, plan.Result.Schema, submittedAt, resources.KafkaOutput,
            schemas: resources.Schemas));
        return plan;
    }

    /// <summary>The bytes of the completed job's result files.</summary>
    public Task<long> ResultBytesAsync() => Task.Run(() => resources.Results.NightPartBytes(jobId));

    /// <summary>Deletes the night parts of a job that did not complete (it has no results to download).</summary>
    /// <exception cref="IOException">A file could not be deleted.</exception>
    public Task DeleteNightPartsAsync()
    {
        var directory = resources.Results.JobDirectory(jobId);
        return Task.Run(() =>
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        });
    }

    /// <summary>Deletes every result file and the topics of an expired job (also a failed or cancelled one, which may have published some nights); missing ones are fine.</summary>
    public async Task DeleteAllAsync()
    {
        await Task.Run(() => resources.Results.DeleteAll(jobId));
        await Task.Run(() => ResultTopics.DeleteAsync(resources.Kafka, jobId, resources.KafkaOutput));
    }
}
