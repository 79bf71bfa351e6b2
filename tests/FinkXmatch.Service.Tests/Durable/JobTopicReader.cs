using System.Diagnostics;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Transfer;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>What a job's Kafka topics hold, read as outsiders would: kcat and fink_datatransfer's way, both read_committed.</summary>
internal static class JobTopicReader
{
    /// <summary>The keys of every committed message of <paramref name="topic"/>, read by <c>/usr/bin/kcat</c>.</summary>
    public static async Task<string[]> KcatKeysAsync(string bootstrapServers, string topic)
    {
        var start = new ProcessStartInfo("/usr/bin/kcat") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-b", bootstrapServers, "-C", "-t", topic, "-X", "isolation.level=read_committed", "-e", "-q", "-f", "%k\\n" })
            start.ArgumentList.Add(arg);
        using var kcat = Process.Start(start)!;
        var output = kcat.StandardOutput.ReadToEndAsync();
        var errors = kcat.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await kcat.WaitForExitAsync(timeout.Token);
        Assert.True(kcat.ExitCode == 0, $"kcat failed: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every committed message of <paramref name="topic"/> decoded with its schema topic (core's <see cref="TopicTransfer"/>).</summary>
    public static async Task<ResultTable> RowsAsync(string bootstrapServers, string topic)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"finkxmatch-transfer-{Guid.NewGuid():N}");
        try
        {
            var result = await Task.Run(() => TopicTransfer.RunAsync(new TopicTransferOptions
            {
                BootstrapServers = bootstrapServers,
                Topic = topic,
                OutputDirectory = directory,
            }));
            var streams = result.Files.Select(f => (Stream)File.OpenRead(f)).ToList();
            try
            {
                return await ResultTable.FromParquetAsync(streams);
            }
            finally
            {
                foreach (var stream in streams) await stream.DisposeAsync();
            }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The topic, read_committed, holds exactly the rows of <paramref name="expected"/>: one message per match (kcat's
    /// count of keys), and decoded with its schema the same multiset of rows, so no match is missing or doubled.
    /// </summary>
    public static async Task AssertEveryMatchOnceAsync(string bootstrapServers, string topic, ResultTable expected)
    {
        var keys = await KcatKeysAsync(bootstrapServers, topic);
        Assert.Equal(expected.Rows.Count, keys.Length);
        Assert.All(keys, k => Assert.Equal(topic, k));
        var rows = await RowsAsync(bootstrapServers, topic);
        Assert.Equal(expected.Columns, rows.Columns);
        Assert.Equal(expected.SortedLines(), rows.SortedLines());
    }

    /// <summary>The nights whose Kafka transaction committed so far (the job's progress topic).</summary>
    public static Task<int> CommittedNightsAsync(string bootstrapServers, string topic) =>
        Task.Run(() => ShardResultProducer.ReadCompletedShards(bootstrapServers, topic).Count);
}
