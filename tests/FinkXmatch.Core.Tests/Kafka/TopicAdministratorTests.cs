using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Kafka;

public class TopicAdministratorTests
{
    [Fact]
    public async Task Embedded_job_topics_have_their_partitions_and_preparing_twice_keeps_one_schema_set()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        var endpoint = KafkaEndpoint.Embedded(broker);
        var topic = JobTopic.For(DateTimeOffset.UtcNow, 1);
        await ResultTopics.PrepareAsync(endpoint, topic.Name, ResultRowsFixture.Schema, DateTimeOffset.UtcNow);
        // A resumed job prepares again: topics exist already, the schema messages are not written twice.
        await ResultTopics.PrepareAsync(endpoint, topic.Name, ResultRowsFixture.Schema, DateTimeOffset.UtcNow);

        using var admin = endpoint.CreateAdministrator();
        Assert.IsType<EmbeddedTopicAdministrator>(admin);
        Assert.Equal(10, await admin.PartitionCountAsync(topic.Name));
        Assert.Equal(1, await admin.PartitionCountAsync(topic.SchemaTopic));
        Assert.Equal(1, await admin.PartitionCountAsync(topic.ProgressTopic));
        Assert.Null(await admin.PartitionCountAsync("fxmatch_ztf_2000-01-01_0"));
        // Asking did not create it (the mock auto-creates topics that are named in a metadata request).
        Assert.Null(await admin.PartitionCountAsync("fxmatch_ztf_2000-01-01_0"));

        var keys = ExternalKafkaTools.RunKcat("-C", "-b", broker.BootstrapServers, "-t", topic.SchemaTopic, "-e", "-q", "-f", "%K\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, keys.Length);
        Assert.All(keys, k => Assert.Equal(FinkSchemaMessage.Key(ResultRowsFixture.Schema).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), k));

        // The progress topic is named apart from the user's (issue 24); none under the name earlier versions used.
        Assert.StartsWith("__finkxmatch_progress_", topic.ProgressTopic, StringComparison.Ordinal);
        Assert.Null(await admin.PartitionCountAsync(TopicNames.LegacyProgress(topic.Name)));

        // Deleting removes them all (rd_kafka_mock_topic_delete), a progress topic of an earlier version too, and
        // deleting again is fine.
        broker.CreateTopic(TopicNames.LegacyProgress(topic.Name), 1);
        await ResultTopics.DeleteAsync(endpoint, topic.Name);
        Assert.Null(await admin.PartitionCountAsync(topic.Name));
        Assert.Null(await admin.PartitionCountAsync(topic.SchemaTopic));
        Assert.Null(await admin.PartitionCountAsync(topic.ProgressTopic));
        Assert.Null(await admin.PartitionCountAsync(TopicNames.LegacyProgress(topic.Name)));
        await ResultTopics.DeleteAsync(endpoint, topic.Name);
        // kcat lists every topic (naming one would make the mock auto-create it).
        Assert.DoesNotContain(topic.Name, ExternalKafkaTools.RunKcat("-L", "-b", broker.BootstrapServers), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_served_broker_creates_and_deletes_job_topics_for_a_client_in_another_role()
    {
        // As `finkxmatch kafka serve` runs it: the broker's owner serves topic requests; the client only has its address.
        using var broker = EmbeddedKafkaBroker.Start();
        using var stop = new CancellationTokenSource();
        var serving = TopicRequestServer.ServeAsync(broker, stop.Token);
        var endpoint = KafkaEndpoint.Cluster(broker.BootstrapServers);
        var topic = JobTopic.For(DateTimeOffset.UtcNow, 2);

        await ResultTopics.PrepareAsync(endpoint, topic.Name, ResultRowsFixture.Schema, DateTimeOffset.UtcNow);
        using var admin = endpoint.CreateAdministrator();
        Assert.IsType<ClusterTopicAdministrator>(admin);
        Assert.Equal(10, await admin.PartitionCountAsync(topic.Name));
        Assert.Equal(1, await admin.PartitionCountAsync(topic.SchemaTopic));

        // Expiry deletes the three topics through the same requests; deleting again is fine.
        await ResultTopics.DeleteAsync(endpoint, topic.Name);
        var listing = ExternalKafkaTools.RunKcat("-L", "-b", broker.BootstrapServers);
        Assert.DoesNotContain(topic.Name, listing, StringComparison.Ordinal);
        Assert.Contains(TopicRequests.RequestTopic, listing, StringComparison.Ordinal);
        await ResultTopics.DeleteAsync(endpoint, topic.Name);

        await stop.CancelAsync();
        await serving;
    }

    [Fact]
    public void A_cluster_endpoint_gets_the_admin_api_administrator()
    {
        using var admin = KafkaEndpoint.Cluster("127.0.0.1:1").CreateAdministrator();
        Assert.IsType<ClusterTopicAdministrator>(admin);
    }
}
