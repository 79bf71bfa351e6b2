using System.Net;
using System.Net.Sockets;

namespace FinkXmatch.Service.Tests;

/// <summary>Loopback ports for the processes the tests start.</summary>
internal static class TestPorts
{
    /// <summary>A port nothing listens on right now (the OS's pick, released at once).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
