using System.Net;
using System.Net.Sockets;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// HTTP clients whose connections come from a chosen loopback address (any 127.x.y.z: all are loopback on Linux), which
/// the service counts as different clients.
/// </summary>
internal static class LoopbackClient
{
    /// <summary>A client of <paramref name="service"/> connecting from <paramref name="address"/>.</summary>
    public static HttpClient From(Uri service, string address)
    {
        var local = new IPEndPoint(IPAddress.Parse(address), 0);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(local);
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = service, Timeout = TimeSpan.FromSeconds(30) };
    }
}
