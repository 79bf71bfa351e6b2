using System.Net;
using System.Net.Sockets;

namespace FinkXmatch.Bench;

internal static class LoopbackPort
{
    /// <summary>A loopback port free right now (the OS's pick).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
