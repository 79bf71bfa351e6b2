using System.CommandLine;
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
public sealed class KafkaServeCommand : Command
{
    private readonly Option<long?> _port = CliOptions.WholeNumber("port", "P", "listen on 127.0.0.1:P (default: a free port), so that a restarted broker keeps its address", 1, 65535);
    private readonly Option<string> _portFile = CliOptions.Text("port-file", "F", "write the bootstrap address to F once listening");

    public KafkaServeCommand() : base("serve", "a standalone embedded Kafka broker (in memory) that several silos and clients share, until Ctrl-C / SIGTERM")
    {
        CliOptions.AddTo(this, _port, _portFile);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult args, CancellationToken cancel)
    {
        var portFile = args.GetValue(_portFile);
        var fixedPort = (int?)args.GetValue(_port);

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
