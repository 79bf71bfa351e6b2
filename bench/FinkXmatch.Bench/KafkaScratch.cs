using System.Diagnostics;
using Confluent.Kafka;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Kafka.Avro;

namespace FinkXmatch.Bench;

internal static class KafkaScratch
{
    public static async Task RunAsync()
    {
        var sw = Stopwatch.StartNew();
        void T(string what) { Console.WriteLine($"{what}: {sw.Elapsed.TotalMilliseconds:F1} ms"); sw.Restart(); }
        using var broker = EmbeddedKafkaBroker.Start();
        T("broker start");
        var endpoint = KafkaEndpoint.Embedded(broker);
        var schema = new AvroRecordSchema("topLevelRecord", [new("x", AvroSchema.Double)]);
        for (var job = 0; job < 4; job++)
        {
            var topic = $"fxmatch_ztf_2025-01-01_{job}";
            using (var admin = endpoint.CreateAdministrator())
            {
                T("admin");
                await admin.CreateTopicAsync(topic, 10, TimeSpan.FromDays(7));
                await admin.CreateTopicAsync(TopicNames.Schema(topic), 1, TimeSpan.FromDays(7));
                await admin.CreateTopicAsync(TopicNames.Progress(topic), 1, TimeSpan.FromDays(7));
                T("create 3 topics");
            }
            {
                var sp = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = endpoint.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 }).SetLogHandler((_, _) => { }).Build();
                T("  s producer build");
                var key = FinkSchemaMessage.Key(schema);
                var value = FinkSchemaMessage.Value(FinkSchemaMessage.FileName(DateTimeOffset.UtcNow));
                Console.WriteLine($"key {key.Length} value {value.Length}");
                for (int i = 0; i < 1000; i++) sp.Produce(new TopicPartition(TopicNames.Schema(topic), 0), new Message<byte[], byte[]> { Key = key, Value = value });
                T("  s produce 1000");
                sp.Flush(TimeSpan.FromSeconds(30));
                T("  s flush");
                sp.Dispose();
                T("  s dispose");
            }
            var producer = new ShardResultProducer(endpoint.BootstrapServers, topic, schema);
            var rows = Enumerable.Range(0, 200).Select(i => new object?[] { (double)i }).ToArray();
            producer.ProduceShard("2025-01-01", rows);
            T("produce shard 1");
            producer.ProduceShard("2025-01-02", rows);
            T("produce shard 2");
            // pieces
            var cfg = new ProducerConfig { BootstrapServers = endpoint.BootstrapServers, TransactionalId = $"x-{topic}", EnableIdempotence = true, Acks = Acks.All, LingerMs = 1000 };
            using var p = new ProducerBuilder<byte[], byte[]>(cfg).SetLogHandler((_, _) => { }).Build();
            T("  producer build");
            p.InitTransactions(TimeSpan.FromSeconds(30));
            T("  init transactions");
            p.BeginTransaction();
            p.Produce(new TopicPartition(topic, 0), new Message<byte[], byte[]> { Value = [1] });
            T("  begin+produce");
            p.CommitTransaction(TimeSpan.FromSeconds(30));
            T("  commit");
            p.Dispose();
            T("  producer dispose");
            ShardResultProducer.ReadCompletedShards(endpoint.BootstrapServers, topic);
            T("  read progress (2 records)");
            var cc = new ConsumerConfig { BootstrapServers = endpoint.BootstrapServers, GroupId = "g" + topic, EnableAutoCommit = false, IsolationLevel = IsolationLevel.ReadCommitted, EnablePartitionEof = true, FetchWaitMaxMs = 20 };
            var c = new ConsumerBuilder<byte[], byte[]>(cc).SetLogHandler((_, _) => { }).Build();
            T("  consumer build");
            var w = c.QueryWatermarkOffsets(new TopicPartition(TopicNames.Progress(topic), 0), TimeSpan.FromSeconds(30));
            T("  watermarks " + w.High);
            var w2 = c.QueryWatermarkOffsets(new TopicPartition(TopicNames.Progress(topic), 0), TimeSpan.FromSeconds(30));
            T("  watermarks again " + w2.High);
            c.Assign(new TopicPartitionOffset(TopicNames.Progress(topic), 0, Offset.Beginning));
            int n = 0;
            while (true) { var r = c.Consume(TimeSpan.FromMilliseconds(100)); if (r is null) continue; if (r.IsPartitionEOF) break; n++; }
            T("  consume to EOF " + n);
            c.Dispose();
            T("  consumer dispose");
            var ad = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = endpoint.BootstrapServers }).SetLogHandler((_, _) => { }).Build();
            T("  admin build");
            ad.GetMetadata(TimeSpan.FromSeconds(10));
            T("  admin metadata");
            ad.Dispose();
            T("  admin dispose");
        }
    }
}
