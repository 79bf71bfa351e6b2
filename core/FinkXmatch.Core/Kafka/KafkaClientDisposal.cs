using Confluent.Kafka;

namespace FinkXmatch.Core.Kafka;

/// <summary>
/// Disposes Kafka clients off the caller's path. A Confluent admin client (a dependent one too) and a producer with
/// its background poll join a thread that polls every 100 ms, so each Dispose waits up to 100 ms: a small job's
/// fixed cost, paid once per night and per job for nothing once the work is committed.
/// </summary>
internal static class KafkaClientDisposal
{
    /// <summary>Disposes <paramref name="clients"/> in this order on the thread pool (dependent clients before their owner).</summary>
    public static void InBackground(params IDisposable[] clients) => _ = Task.Run(() =>
    {
        foreach (var client in clients)
        {
            try
            {
                client.Dispose();
            }
            catch (KafkaException)
            {
                // A client that fails to close has nothing left to lose: its work was committed or abandoned before.
            }
        }
    });
}
