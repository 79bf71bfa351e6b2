using System.Diagnostics;
using Parquet.Serialization;

namespace FinkXmatch.Cli.Tests;

/// <summary>
/// `xmatch --kafka` into a shared `finkxmatch kafka serve` broker, read back by independent clients: kcat (librdkafka
/// 2.0, another process) and `finkxmatch transfer`. The producing process is killed with SIGKILL mid-job and run again:
/// read at read_committed, the topic must hold every match exactly once.
/// </summary>
public sealed class KafkaOutputTests : IClassFixture<CliWorkspace>, IAsyncLifetime
{
    private const int Nights = 30;
    private readonly CliWorkspace _workspace;
    private Process? _broker;
    private string _bootstrap = "";

    public KafkaOutputTests(CliWorkspace workspace) => _workspace = workspace;

    public async Task InitializeAsync()
    {
        var portFile = Path.Combine(_workspace.Directory, $"kafka-{Guid.NewGuid():N}.addr");
        _broker = FinkxmatchProcess.Start("kafka", "serve", "--port-file", portFile);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(File.Exists(portFile), "kafka serve did not write its port file");
        _bootstrap = (await File.ReadAllTextAsync(portFile)).Trim();
    }

    public Task DisposeAsync()
    {
        _broker?.Kill(entireProcessTree: true);
        _broker?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_run_killed_mid_job_and_rerun_leaves_every_match_in_the_topic_exactly_once()
    {
        var lake = Path.Combine(_workspace.Directory, "lake-kafka");
        var generated = await FinkxmatchProcess.RunAsync("datalake", "generate", "--out", lake, "--nights", Nights.ToString(),
            "--alerts-per-night", "400", "--cutout-bytes", "0", "--seed", "11", "--plant", _workspace.Catalog, "--fraction", "1");
        Assert.True(generated.ExitCode == 0, generated.ToString());
        const string topic = "fxmatch_ztf_2026-11-24_424242";
        string[] Xmatch(string output) => ["xmatch", "--datalake", lake, "--catalog", _workspace.Catalog, "--ra-column", "ra",
            "--dec-column", "dec", "--id-column", "name", "--radius-arcsec", "2",
            "--threads", "1", "--out", output, "--kafka", _bootstrap, "--topic", topic];

        // First run: killed as soon as some nights are committed and before all are.
        using (var first = FinkxmatchProcess.Start(Xmatch(_workspace.NewOutput())))
        {
            var committed = 0;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!first.HasExited && DateTime.UtcNow < deadline && (committed = Kcat("-C", "-t", topic + "_progress", "-e", "-q", "-f", "%k\\n").Length) == 0)
                await Task.Delay(50);
            Assert.False(first.HasExited, $"the first run finished before it could be killed ({committed} nights committed)");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            Assert.InRange(committed, 1, Nights - 1);
        }

        var output = _workspace.NewOutput();
        var rerun = await FinkxmatchProcess.RunAsync(Xmatch(output));
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("already committed by an earlier run", rerun.Stderr);

        var parquetRows = await ReadKeysAsync(output);
        Assert.True(parquetRows.Count > 100, $"expected planted matches, got {parquetRows.Count}");

        // kcat, another Kafka client in another process: 10 partitions, one message per match, keyed by the topic.
        Assert.Equal(10, Kcat("-L", "-t", topic).Count(l => l.TrimStart().StartsWith("partition ", StringComparison.Ordinal)));
        var keys = Kcat("-C", "-t", topic, "-X", "isolation.level=read_committed", "-e", "-q", "-f", "%k\\n");
        Assert.Equal(parquetRows.Count, keys.Length);
        Assert.All(keys, k => Assert.Equal(topic, k));

        // finkxmatch transfer decodes the topic like fink_datatransfer: the same rows, each once.
        var transferDir = Path.Combine(_workspace.Directory, "transfer-" + Guid.NewGuid().ToString("N"));
        var transfer = await FinkxmatchProcess.RunAsync("transfer", "--kafka", _bootstrap, "--topic", topic, "--out", transferDir);
        Assert.True(transfer.ExitCode == 0, transfer.ToString());
        var transferred = new List<string>();
        foreach (var file in Directory.GetFiles(transferDir, "*.parquet")) transferred.AddRange(await ReadKeysAsync(file));
        Assert.Equal(parquetRows.Order(StringComparer.Ordinal), transferred.Order(StringComparer.Ordinal));
    }

    // One string per match: alert, source and separation, so that a duplicate or a missing row shows.
    private static async Task<List<string>> ReadKeysAsync(string parquet)
    {
        await using var stream = File.OpenRead(parquet);
        var rows = (await ParquetSerializer.DeserializeUntypedAsync(stream)).Data;
        return rows.Select(r => $"{r["objectId"]}|{r["candid"]}|{r["name"]}|{r["separation_arcsec"]:R}").ToList();
    }

    private string[] Kcat(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/kcat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-b");
        start.ArgumentList.Add(_bootstrap);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var kcat = Process.Start(start) ?? throw new InvalidOperationException("kcat did not start (apt-get install kcat)");
        var output = kcat.StandardOutput.ReadToEnd();
        kcat.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
