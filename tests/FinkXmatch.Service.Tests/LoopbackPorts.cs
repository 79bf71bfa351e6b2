using System.Net;
using System.Net.Sockets;

namespace FinkXmatch.Service.Tests;

/// <summary>Free TCP ports on the loopback interface, for the processes a test starts.</summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
