using System.Net;
using System.Net.Sockets;

namespace FinkXmatch.Core.KafkaEmbedded;

/// <summary>
/// Relays every TCP connection made to a fixed loopback port to another endpoint. librdkafka's mock broker listens
/// on an ephemeral port only; this gives the embedded broker a stable address (<c>kafka serve --port</c>), so that a
/// broker restarted by an operator is found again where the silos expect it.
/// </summary>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];

    private TcpForwarder(TcpListener listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        _ = AcceptAsync();
    }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> and relays to <paramref name="target"/>.</summary>
    /// <exception cref="SocketException">The port is taken.</exception>
    public static TcpForwarder Start(int port, IPEndPoint target)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        // A broker restarted at once on its port must not wait for the old connections' TIME_WAIT.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return new TcpForwarder(listener, target);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        Track(client, upstream);
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token).ConfigureAwait(false);
            var inbound = client.GetStream();
            var outbound = upstream.GetStream();
            // When either side ends, both are closed.
            await Task.WhenAny(inbound.CopyToAsync(outbound, _stop.Token), outbound.CopyToAsync(inbound, _stop.Token)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A client or the broker went away: the relay ends with it.
        }
        finally
        {
            Untrack(client, upstream);
            client.Dispose();
        }
    }

    private void Track(params TcpClient[] clients)
    {
        lock (_gate) _open.AddRange(clients);
    }

    private void Untrack(params TcpClient[] clients)
    {
        lock (_gate) foreach (var c in clients) _open.Remove(c);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
        _stop.Dispose();
    }
}
