using System.Text;
using Confluent.Kafka;
using FinkXmatch.Core.KafkaEmbedded;

namespace FinkXmatch.Core.Tests.KafkaEmbedded;

public class EmbeddedKafkaBrokerTests
{
    [Fact]
    public void Broker_listens_on_loopback_and_serves_a_transactional_round_trip()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        Assert.StartsWith("127.0.0.1:", broker.BootstrapServers);
        broker.CreateTopic("fxmatch_test", 10);

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            var meta = admin.GetMetadata("fxmatch_test", TimeSpan.FromSeconds(10));
            Assert.Equal(10, Assert.Single(meta.Topics).Partitions.Count);
        }

        var config = new ProducerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            TransactionalId = "fxmatch-test-tx",
            EnableIdempotence = true,
        };
        using (var producer = new ProducerBuilder<byte[], byte[]>(config).Build())
        {
            producer.InitTransactions(TimeSpan.FromSeconds(10));
            producer.BeginTransaction();
            for (var i = 0; i < 20; i++)
                producer.Produce(new TopicPartition("fxmatch_test", i % 10), new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("k"), Value = [(byte)i] });
            producer.CommitTransaction(TimeSpan.FromSeconds(10));
            // An aborted transaction must stay invisible to read_committed consumers.
            producer.BeginTransaction();
            producer.Produce(new TopicPartition("fxmatch_test", 0), new Message<byte[], byte[]> { Key = [], Value = [255] });
            producer.AbortTransaction(TimeSpan.FromSeconds(10));
        }

        var seen = new List<byte>();
        using (var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
        }).Build())
        {
            consumer.Assign(Enumerable.Range(0, 10).Select(p => new TopicPartitionOffset("fxmatch_test", p, Offset.Beginning)));
            var eofs = 0;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (eofs < 10 && DateTime.UtcNow < deadline)
            {
                var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (r is null) continue;
                if (r.IsPartitionEOF) eofs++;
                else seen.Add(r.Message.Value[0]);
            }
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), seen.Order());
    }
}
