using System.Net;
using System.Net.Sockets;

namespace FinkXmatch.Service.Tests;

/// <summary>Loopback ports for the processes the tests start.</summary>
internal static class TestPorts
{
    // Above Linux's ephemeral range (32768-60999): a port the OS picks for "any free port" is also one it hands to
    // outgoing connections (Kafka, HTTP, PostgreSQL clients of the other tests), so between the pick and the child
    // process binding it, a connection could take it (seen once in CI: "address already in use"). And away from the
    // ranges Orleans' test clusters take their silo and gateway ports from (22300-30000, 40000-50000,
    // TestClusterPortAllocator), which skip only ports already listened on: the in-process clusters of the tests running
    // meanwhile bind there. This range used to overlap theirs, and a silo of deploy/local-cluster.sh, given ports from
    // here, failed once in CI with "address already in use" while it was still building (2026-12-07).
    // A random start keeps the test processes that run at once apart.
    private const int First = 61_000, Count = 4_500;
    private static int _next = Random.Shared.Next(Count);

    /// <summary>A port nothing listens on right now, outside the range the OS gives outgoing connections.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"no free loopback port in {First}..{First + Count - 1}");
    }

    /// <summary>The first of <paramref name="count"/> consecutive ports that nothing listens on right now (for scripts that number ports from a base).</summary>
    public static int FreeRun(int count)
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            // The ports after the last one handed out, as Free() hands them out (each call takes the ones it counts past).
            var first = First + (int)((uint)(Interlocked.Add(ref _next, count) - count + 1) % (Count - count));
            if (Enumerable.Range(first, count).All(IsFree)) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free loopback ports in {First}..{First + Count - 1}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
