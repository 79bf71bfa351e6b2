using System.Runtime.InteropServices;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch kafka serve [--port P] [--port-file F]`: the embedded broker on its own (on 127.0.0.1:P when given, so a
/// restarted broker keeps its address), so that several silos and clients share
/// one; they ask it for topics through <see cref="TopicRequests"/>, which <see cref="TopicRequestServer"/> answers. Prints the bootstrap address, writes it to F, runs until Ctrl-C / SIGTERM.
/// The broker keeps everything in memory: data is gone when it stops.
/// </summary>
public static class KafkaServeCommand
{
    public static async Task<int> RunAsync(CliArguments args, CancellationToken cancel)
    {
        var portFile = args.Optional("port-file");
        var port = args.Optional("port");
        args.EnsureAllUsed("kafka serve");
        int? fixedPort = null;
        if (port is not null)
        {
            if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new UsageException($"--port must be a port from 1 to 65535, got '{port}'");
            fixedPort = p;
        }

        using var broker = StartBroker(fixedPort);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });
        var topicRequests = TopicRequestServer.ServeAsync(broker, stop.Token);
        if (portFile is not null)
        {
            // Written whole then renamed, so that a script polling for the file never reads half an address.
            var tmp = portFile + ".tmp";
            await File.WriteAllTextAsync(tmp, broker.BootstrapServers + "\n", CancellationToken.None);
            File.Move(tmp, portFile, overwrite: true);
        }
        Console.WriteLine($"embedded Kafka broker listening on {broker.BootstrapServers} (in memory only; Ctrl-C stops it)");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await topicRequests;
        Console.WriteLine("embedded Kafka broker stopped");
        return CliApp.Ok;
    }

    private static EmbeddedKafkaBroker StartBroker(int? port)
    {
        try
        {
            return EmbeddedKafkaBroker.Start(port: port);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new UsageException($"--port {port}: {e.Message}");
        }
    }
}
