using System.Runtime.InteropServices;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Results;
using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `xmatch --kafka`: the results also go to a Kafka topic as Fink's Data Transfer writes them, one transaction per
/// night shard (exactly once: rerunning with the same `--topic` skips the nights already committed). With
/// `--kafka embedded` the broker lives in this process, so after the run it keeps serving until Ctrl-C.
/// </summary>
internal sealed class KafkaResultOutput : IDisposable
{
    private readonly EmbeddedKafkaBroker? _broker;
    private readonly KafkaEndpoint _endpoint;
    private readonly ShardResultProducer _producer;
    private long _skipped;

    private KafkaResultOutput(EmbeddedKafkaBroker? broker, KafkaEndpoint endpoint, string topic, AvroRecordSchema schema)
    {
        _broker = broker;
        _endpoint = endpoint;
        Topic = topic;
        _producer = new ShardResultProducer(endpoint.BootstrapServers, topic, schema, endpoint.Options());
    }

    public string Topic { get; }
    public string BootstrapServers => _endpoint.BootstrapServers;

    /// <summary>Nights found already committed by an earlier run into the same topic.</summary>
    public long SkippedShards => Interlocked.Read(ref _skipped);

    public static async Task<KafkaResultOutput> OpenAsync(string spec, string? topic, Survey survey, AvroRecordSchema schema,
        CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        var name = topic ?? JobTopic.NewUnique(now, survey).Name;
        if (!TopicNames.IsValidDataTopic(name))
            throw new UsageException($"--topic '{name}' is not a valid Kafka topic name, or too long for its companion {TopicNames.Progress(name)}");
        EmbeddedKafkaBroker? broker = null;
        KafkaEndpoint endpoint;
        if (KafkaEndpoint.IsEmbeddedSpec(spec))
        {
            broker = EmbeddedKafkaBroker.Start();
            endpoint = KafkaEndpoint.Embedded(broker);
        }
        else
        {
            try
            {
                endpoint = KafkaEndpoint.Cluster(spec, KafkaSecurityOptions.FromEnvironment());
            }
            catch (FormatException e)
            {
                throw new UsageException($"--kafka must be 'embedded' or HOST:PORT[,HOST:PORT...]: {e.Message}");
            }
        }
        try
        {
            await ResultTopics.PrepareAsync(endpoint, name, schema, now, cancel: cancel);
            return new KafkaResultOutput(broker, endpoint, name, schema);
        }
        catch
        {
            broker?.Dispose();
            throw;
        }
    }

    public ValueTask ProduceAsync(DatalakeShard shard, IReadOnlyList<ResultBatch> batches, CancellationToken cancel)
    {
        // ProduceShard blocks on the broker; the shard's worker thread is the right place for that.
        var outcome = _producer.ProduceShard(shard.Name, batches.SelectMany(b => b), cancel);
        if (outcome.AlreadyDone) Interlocked.Increment(ref _skipped);
        return ValueTask.CompletedTask;
    }

    /// <summary>With the embedded broker, serve the topic until Ctrl-C / SIGTERM (its data is lost when the process ends).</summary>
    public async Task ServeUntilStoppedAsync(CancellationToken cancel)
    {
        if (_broker is null) return;
        Console.Error.WriteLine($"topic {Topic} is served by the embedded broker at {BootstrapServers} (in memory only) until Ctrl-C");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _broker?.Dispose();
}
