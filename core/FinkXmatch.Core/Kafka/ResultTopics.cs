using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Kafka;

/// <summary>The topics of one job: data (10 partitions), <c>_schema</c> and <c>__finkxmatch_progress_</c> (1 partition each), all kept 7 days.</summary>
public static class ResultTopics
{
    /// <summary>
    /// Creates the job's topics (idempotent) and publishes the schema, so that the job can then produce its shards.
    /// <paramref name="schemas"/> is a writer kept for the endpoint (the service's), else one is made for this call.
    /// </summary>
    public static async Task PrepareAsync(KafkaEndpoint endpoint, string topic, AvroRecordSchema schema, DateTimeOffset now,
        KafkaOutputOptions? options = null, CancellationToken cancel = default, SchemaTopicWriter? schemas = null)
    {
        options = endpoint.Options(options);
        TopicNames.ValidateDataTopic(topic);
        using (var admin = endpoint.CreateAdministrator(options))
        {
            await admin.CreateTopicAsync(topic, options.DataPartitions, options.Retention, cancel).ConfigureAwait(false);
            await admin.CreateTopicAsync(TopicNames.Schema(topic), 1, options.Retention, cancel).ConfigureAwait(false);
            await admin.CreateTopicAsync(TopicNames.Progress(topic), 1, options.Retention, cancel).ConfigureAwait(false);
        }
        using var ownWriter = schemas is null ? new SchemaTopicWriter(endpoint.BootstrapServers) : null;
        var writer = schemas ?? ownWriter!;
        await Task.Run(() => writer.Write(topic, schema, now, options, cancel), cancel).ConfigureAwait(false);
    }

    /// <summary>Every topic of a job, the progress topic of earlier versions included.</summary>
    public static IReadOnlyList<string> All(string topic) =>
        [topic, TopicNames.Schema(topic), TopicNames.Progress(topic), TopicNames.LegacyProgress(topic)];

    /// <summary>Deletes the job's topics (expiry), the progress topic of earlier versions too; missing ones are fine.</summary>
    public static async Task DeleteAsync(KafkaEndpoint endpoint, string topic, KafkaOutputOptions? options = null, CancellationToken cancel = default)
    {
        using var admin = endpoint.CreateAdministrator(options);
        await admin.DeleteTopicsAsync(All(topic), cancel).ConfigureAwait(false);
    }
}
