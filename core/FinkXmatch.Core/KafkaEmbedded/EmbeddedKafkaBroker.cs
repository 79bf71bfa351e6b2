using System.Runtime.InteropServices;
using System.Text;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded.Native;

namespace FinkXmatch.Core.KafkaEmbedded;

/// <summary>
/// The one-machine Kafka broker: librdkafka's mock cluster, listening on 127.0.0.1 so that other processes
/// (kcat, fink_datatransfer, other silos) can reach it. It speaks the real Kafka wire protocol, including
/// transactions, but keeps data in memory only and dies with its process: a default for one machine, not a
/// production broker (use --kafka HOST:PORT for that). The host starts it; publishing sees it only as an
/// <see cref="IInProcessBroker"/>.
/// </summary>
public sealed class EmbeddedKafkaBroker : IInProcessBroker, IDisposable
{
    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;
    private TcpForwarder? _forwarder;

    private EmbeddedKafkaBroker(IntPtr handle, IntPtr cluster, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>HOST:PORT list for clients, e.g. 127.0.0.1:39211.</summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// Starts a mock cluster of <paramref name="brokers"/> brokers on ephemeral 127.0.0.1 ports; with
    /// <paramref name="port"/> (one broker only), clients reach it at 127.0.0.1:<paramref name="port"/> instead, the
    /// address it advertises: a relay forwards that port to the mock's own.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException"><paramref name="port"/> is taken.</exception>
    public static EmbeddedKafkaBroker Start(int brokers = 1, int? port = null)
    {
        if (port is not null && brokers != 1) throw new ArgumentException("a fixed port needs a single broker", nameof(port));
        LibrdkafkaLibrary.EnsureLoaded();
        var err = new byte[512];
        var conf = NativeMethods.rd_kafka_conf_new();
        // The handle only hosts the mock cluster; it never connects anywhere itself.
        NativeMethods.rd_kafka_conf_set(conf, "log_level", "3", err, (UIntPtr)err.Length);
        var rk = NativeMethods.rd_kafka_new(NativeMethods.RdKafkaProducer, conf, err, (UIntPtr)err.Length);
        if (rk == IntPtr.Zero) throw new InvalidOperationException($"librdkafka could not start: {Text(err)}");
        var cluster = NativeMethods.rd_kafka_mock_cluster_new(rk, brokers);
        if (cluster == IntPtr.Zero)
        {
            NativeMethods.rd_kafka_destroy(rk);
            throw new InvalidOperationException("librdkafka could not start its mock cluster");
        }
        var bootstraps = Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_mock_cluster_bootstraps(cluster)) ?? "";
        EmbeddedKafkaBroker? broker = null;
        try
        {
            if (port is not { } fixedPort)
            {
                broker = new EmbeddedKafkaBroker(rk, cluster, bootstraps);
            }
            else
            {
                broker = new EmbeddedKafkaBroker(rk, cluster, $"127.0.0.1:{fixedPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                broker._forwarder = TcpForwarder.Start(fixedPort, System.Net.IPEndPoint.Parse(bootstraps));
                // Metadata names the relay, so clients never need the ephemeral port (the mock's broker ids start at 1).
                var code = NativeMethods.rd_kafka_mock_broker_set_host_port(cluster, 1, "127.0.0.1", fixedPort);
                if (code != 0) throw new InvalidOperationException($"could not advertise port {fixedPort}: {Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_err2str(code))}");
            }
            // So that a client knowing only the address (another silo, the CLI with --kafka HOST:PORT on a `kafka serve`
            // broker) can tell it talks to librdkafka's mock.
            broker.CreateTopic(TopicNames.EmbeddedBrokerMarker, 1);
            return broker;
        }
        catch
        {
            broker?.Dispose();
            throw;
        }
    }

    /// <summary>Creates a topic with the given partition count (the admin API's CreateTopics does not work on the mock).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            var code = NativeMethods.rd_kafka_mock_topic_create(_cluster, topic, partitions, 1);
            // 36 = TOPIC_ALREADY_EXISTS: creating is idempotent for callers that resume a job.
            if (code != 0 && code != 36)
                throw new InvalidOperationException(
                    $"could not create topic '{topic}': {Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_err2str(code))}");
        }
    }

    /// <summary>Deletes a topic and its messages; a missing topic is fine (expiry may run twice).</summary>
    public void DeleteTopic(string topic)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            var code = NativeMethods.rd_kafka_mock_topic_delete(_cluster, topic);
            // 3 = UNKNOWN_TOPIC_OR_PART: already gone.
            if (code != 0 && code != 3)
                throw new InvalidOperationException(
                    $"could not delete topic '{topic}': {Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_err2str(code))}");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _forwarder?.Dispose();
            _forwarder = null;
            if (_cluster != IntPtr.Zero) NativeMethods.rd_kafka_mock_cluster_destroy(_cluster);
            if (_handle != IntPtr.Zero) NativeMethods.rd_kafka_destroy(_handle);
            _cluster = IntPtr.Zero;
            _handle = IntPtr.Zero;
        }
    }

    private static string Text(byte[] buffer)
    {
        var n = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, n < 0 ? buffer.Length : n);
    }
}
