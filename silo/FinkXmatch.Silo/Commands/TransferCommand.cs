using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Transfer;
using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch transfer --kafka HOST:PORT --topic T --out DIR [--group G] [--limit N]`: what fink_datatransfer does,
/// topic -> Parquet files (CONTRACT §5). A missing topic is bad input (exit 2); a broker failure exits 1.
/// </summary>
public static class TransferCommand
{
    public static async Task<int> RunAsync(CliArguments args, CancellationToken cancel)
    {
        var kafka = args.Required("kafka", "HOST:PORT of the Kafka cluster");
        var topic = args.Required("topic", "the topic to transfer");
        var output = args.Required("out", "directory for the Parquet files");
        var group = args.Optional("group");
        var limit = args.OptionalLong("limit", 1, long.MaxValue);
        args.EnsureAllUsed("transfer");

        string bootstrap;
        try
        {
            bootstrap = KafkaEndpoint.ParseBootstrapServers(kafka);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--kafka: {ex.Message}");
        }
        if (!TopicNames.IsValid(topic)) throw new UsageException($"--topic: '{topic}' is not a Kafka topic name");
        if (File.Exists(output)) throw new UsageException($"--out: {output} is a file, not a directory");
        var security = KafkaSecurityOptions.FromEnvironment();

        var progress = ProgressReporter.ForConsole("messages");
        try
        {
            var result = await Task.Run(() => TopicTransfer.RunAsync(new TopicTransferOptions
            {
                BootstrapServers = bootstrap,
                Topic = topic,
                OutputDirectory = output,
                GroupId = group,
                Limit = limit,
                // An unreachable broker fails in about half a minute (5 tries) rather than minutes.
                Kafka = KafkaOutputOptions.Default with { OperationTimeout = TimeSpan.FromSeconds(5), Security = security },
            }, p => progress.Report(p.Messages, Math.Max(p.Messages, limit is null ? p.Expected : Math.Min(limit.Value, p.Expected)), $"{p.Files} files"), cancel), cancel);
            progress.Report(result.Messages, result.Messages, $"{result.Files.Count} files", final: true);
            Console.WriteLine($"{result.Messages} messages from {topic} written to {result.Files.Count} Parquet files in {output}");
            return CliApp.Ok;
        }
        catch (KafkaTopicNotFoundException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
