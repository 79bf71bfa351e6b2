using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Kafka.Avro;

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

        // Deleting removes all three (rd_kafka_mock_topic_delete), and deleting again is fine.
        await ResultTopics.DeleteAsync(endpoint, topic.Name);
        Assert.Null(await admin.PartitionCountAsync(topic.Name));
        Assert.Null(await admin.PartitionCountAsync(topic.SchemaTopic));
        Assert.Null(await admin.PartitionCountAsync(topic.ProgressTopic));
        await ResultTopics.DeleteAsync(endpoint, topic.Name);
        // kcat lists every topic (naming one would make the mock auto-create it).
        Assert.DoesNotContain(topic.Name, ExternalKafkaTools.RunKcat("-L", "-b", broker.BootstrapServers), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_endpoint_gets_the_admin_api_administrator()
    {
        using var admin = KafkaEndpoint.Cluster("127.0.0.1:1").CreateAdministrator();
        Assert.IsType<ClusterTopicAdministrator>(admin);
    }
}
