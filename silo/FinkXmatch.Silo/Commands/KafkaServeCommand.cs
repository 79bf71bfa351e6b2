using System.Runtime.InteropServices;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Silo.Cli;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch kafka serve [--port-file F]`: the embedded broker on its own, so that several silos and clients share
/// one; they ask it for topics through <see cref="MockTopicRequests"/>. Prints the bootstrap address, writes it to F, runs until Ctrl-C / SIGTERM.
/// The broker keeps everything in memory: data is gone when it stops.
/// </summary>
public static class KafkaServeCommand
{
    public static async Task<int> RunAsync(CliArguments args, CancellationToken cancel)
    {
        var portFile = args.Optional("port-file");
        args.EnsureAllUsed("kafka serve");

        using var broker = EmbeddedKafkaBroker.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });
        var topicRequests = MockTopicRequests.ServeAsync(broker, stop.Token);
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
}
