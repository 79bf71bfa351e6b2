using Confluent.Kafka;
using Polly;
using Polly.Retry;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Retries transient broker errors with exponential backoff (Polly), bounded by
/// <see cref="KafkaOutputOptions.MaxAttempts"/>, then fails with one <see cref="KafkaBrokerException"/> line naming the broker.
/// </summary>
internal static class KafkaRetry
{
    public static T Execute<T>(string bootstrapServers, string what, KafkaOutputOptions options, Func<CancellationToken, T> action, CancellationToken cancel)
    {
        try
        {
            return Pipeline(bootstrapServers, what, options).Execute(action, cancel);
        }
        catch (KafkaException ex)
        {
            throw Failure(bootstrapServers, what, options, ex);
        }
    }

    public static async Task<T> ExecuteAsync<T>(string bootstrapServers, string what, KafkaOutputOptions options, Func<CancellationToken, Task<T>> action, CancellationToken cancel)
    {
        try
        {
            return await Pipeline(bootstrapServers, what, options).ExecuteAsync(async ct => await action(ct).ConfigureAwait(false), cancel).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            throw Failure(bootstrapServers, what, options, ex);
        }
    }

    /// <summary>
    /// Whether another try may succeed. Everything is, except what a retry cannot change: a newer producer fenced this
    /// one (it took the shard over), authorization, bad configuration, a missing topic.
    /// </summary>
    public static bool IsTransient(KafkaException ex)
    {
        if (ex is KafkaRetriableException or KafkaTxnRequiresAbortException) return true;
        return ex.Error.Code switch
        {
            ErrorCode.Local_Fenced or ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch
                or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.TopicAuthorizationFailed
                or ErrorCode.ClusterAuthorizationFailed or ErrorCode.GroupAuthorizationFailed
                or ErrorCode.InvalidTransactionTimeout or ErrorCode.InvalidConfig or ErrorCode.Local_InvalidArg
                or ErrorCode.Local_UnknownTopic or ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownPartition
                or ErrorCode.InvalidReplicationFactor or ErrorCode.InvalidPartitions or ErrorCode.PolicyViolation => false,
            _ => true,
        };
    }

    private static KafkaBrokerException Failure(string bootstrapServers, string what, KafkaOutputOptions options, KafkaException ex)
    {
        var attempts = IsTransient(ex) ? $" after {options.MaxAttempts} attempts" : "";
        var refused = ex.Error.Code is ErrorCode.Local_Authentication or ErrorCode.SaslAuthenticationFailed
            ? "; the broker refused these credentials (KafkaSecurity settings)" : "";
        return new KafkaBrokerException($"Kafka at {bootstrapServers}{options.Security.Describe()}: {what} failed{attempts}: {ex.Error.Reason} ({ex.Error.Code}){refused}", ex);
    }

    private static ResiliencePipeline Pipeline(string bootstrapServers, string what, KafkaOutputOptions options) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<KafkaException>(IsTransient),
            MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.FirstRetryDelay,
            UseJitter = true,
            OnRetry = args =>
            {
                // AttemptNumber counts from 0: the attempt that just failed is AttemptNumber + 1.
                options.OnRetry?.Invoke(new KafkaRetryNotice(bootstrapServers, what, args.AttemptNumber + 1, options.MaxAttempts,
                    args.RetryDelay, args.Outcome.Exception?.Message ?? "no answer"));
                return default;
            },
        })
        .Build();
}
