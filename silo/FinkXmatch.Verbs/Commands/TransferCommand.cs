using System.CommandLine;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Transfer;
using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// `finkxmatch transfer --kafka HOST:PORT --topic T --out DIR [--group G] [--limit N]`: what fink_datatransfer does,
/// topic -> Parquet files (CONTRACT §5). A missing topic is bad input (exit 2); a broker failure exits 1.
/// </summary>
public sealed class TransferCommand : Command
{
    private readonly Option<string> _kafka = CliOptions.Text("kafka", "HOST:PORT", "the Kafka cluster's bootstrap servers", required: true);
    private readonly Option<string> _topic = CliOptions.Text("topic", "T", "the topic to transfer", required: true);
    private readonly Option<string> _out = CliOptions.Text("out", "DIR", "directory for the Parquet files", required: true);
    private readonly Option<string> _group = CliOptions.Text("group", "G", "a consumer group: a later run goes on where this one stopped (default: none, every run reads the topic from its start)");
    private readonly Option<long?> _limit = CliOptions.WholeNumber("limit", "N", "stop after N messages", 1, long.MaxValue);

    public TransferCommand() : base("transfer", "a Kafka topic of results to Parquet files, as fink_datatransfer does")
    {
        CliOptions.AddTo(this, _kafka, _topic, _out, _group, _limit);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult args, CancellationToken cancel)
    {
        var kafka = args.GetRequiredValue(_kafka);
        var topic = args.GetRequiredValue(_topic);
        var output = args.GetRequiredValue(_out);
        var group = args.GetValue(_group);
        var limit = args.GetValue(_limit);

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
