namespace FinkXmatch.Core.Kafka;

/// <summary>What <see cref="ShardResultProducer.ProduceShard"/> did for one shard.</summary>
/// <param name="ShardKey">The shard.</param>
/// <param name="Rows">The rows now committed for the shard (read from the progress topic when it was done already).</param>
/// <param name="AlreadyDone">True when an earlier run had committed the shard, so nothing was produced.</param>
public readonly record struct ShardOutcome(string ShardKey, long Rows, bool AlreadyDone);
