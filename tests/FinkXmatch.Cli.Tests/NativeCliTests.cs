using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FinkXmatch.Cli.Tests;

/// <summary>
/// The native <c>finkxmatch-cli</c> (silo/FinkXmatch.Cli, compiled ahead of time) against the managed
/// <c>finkxmatch</c>: the same jobs write the same bytes, including the paths where the third-party packages' trim
/// warnings are (nested results, which the native executable shreds without Parquet.Net's serializer; Kafka, whose
/// native library Confluent.Kafka binds by reflection).
/// </summary>
public sealed class NativeCliTests(CliWorkspace w) : IClassFixture<CliWorkspace>
{
    public static TheoryData<string[]> Outputs() => new([], ["--packet", "full"], ["--fields", "candidate.magpsf,prv_candidates", "--match", "all"]);

    [Theory]
    [MemberData(nameof(Outputs))]
    public async Task A_job_writes_the_same_file_as_the_managed_executable(string[] fields)
    {
        var managed = w.NewOutput();
        var native = w.NewOutput();
        var expected = await FinkxmatchProcess.RunAsync(Job(managed, fields));
        var actual = await FinkxmatchProcess.RunNativeAsync(Job(native, fields));

        Assert.True(expected.ExitCode == 0, expected.ToString());
        Assert.True(actual.ExitCode == 0, actual.ToString());
        Assert.True(Matches(actual) > 0, actual.ToString());
        Assert.Equal(Matches(expected), Matches(actual));
        Assert.Equal(await File.ReadAllBytesAsync(managed), await File.ReadAllBytesAsync(native));
    }

    [Fact]
    public async Task A_bad_flag_exits_2_with_the_managed_executables_line()
    {
        var expected = await FinkxmatchProcess.RunAsync(w.Xmatch("--colour", "red"));
        var actual = await FinkxmatchProcess.RunNativeAsync(w.Xmatch("--colour", "red"));

        Assert.Equal(2, actual.ExitCode);
        Assert.Equal("", actual.Stdout);
        Assert.Equal(Assert.Single(expected.StderrLines), Assert.Single(actual.StderrLines));
    }

    [Fact]
    public async Task Without_a_command_it_names_the_commands_it_has()
    {
        var outcome = await FinkxmatchProcess.RunNativeAsync();

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("error: give a command: xmatch, datalake generate, index build, conesearch, region, kafka serve, transfer, help",
            Assert.Single(outcome.StderrLines));
    }

    [Fact]
    public async Task Help_lists_the_job_verbs_without_the_service()
    {
        var native = await FinkxmatchProcess.RunNativeAsync("help");
        var managed = await FinkxmatchProcess.RunAsync("help");

        Assert.Equal(0, native.ExitCode);
        // The managed overview less the service's commands: the root (the service), api and users.
        var expected = managed.Stdout.Split('\n').Where(l => l.Length > 0).ToList();
        var actual = native.Stdout.Split('\n').Where(l => l.Length > 0).ToList();
        Assert.DoesNotContain(actual, l => l.StartsWith("  finkxmatch api", StringComparison.Ordinal) || l.StartsWith("  finkxmatch users", StringComparison.Ordinal));
        Assert.All(actual.Where(l => l.StartsWith("  finkxmatch ", StringComparison.Ordinal)), l => Assert.Contains(l, expected));
        Assert.Contains("  finkxmatch xmatch --datalake DIR --catalog FILE --radius-arcsec R [options]", actual);
        Assert.Contains("  finkxmatch transfer --kafka HOST:PORT --topic T --out DIR [options]", actual);
    }

    [Fact]
    public async Task Results_published_to_kafka_and_transferred_equal_the_managed_transfer()
    {
        var portFile = Path.Combine(w.Directory, $"native-kafka-{Guid.NewGuid():N}.addr");
        using var broker = FinkxmatchProcess.StartNative("kafka", "serve", "--port-file", portFile);
        try
        {
            var bootstrap = await BootstrapAsync(portFile, broker);
            var topic = $"fxmatch_ztf_2026-12-07_native{Guid.NewGuid():N}"[..40];
            var job = await FinkxmatchProcess.RunNativeAsync(Job(w.NewOutput(), ["--packet", "medium", "--kafka", bootstrap, "--topic", topic]));
            Assert.True(job.ExitCode == 0, job.ToString());

            var native = Path.Combine(w.Directory, "transfer-native-" + topic);
            var managed = Path.Combine(w.Directory, "transfer-managed-" + topic);
            var nativeTransfer = await FinkxmatchProcess.RunNativeAsync("transfer", "--kafka", bootstrap, "--topic", topic, "--out", native);
            var managedTransfer = await FinkxmatchProcess.RunAsync("transfer", "--kafka", bootstrap, "--topic", topic, "--out", managed);
            Assert.True(nativeTransfer.ExitCode == 0, nativeTransfer.ToString());
            Assert.True(managedTransfer.ExitCode == 0, managedTransfer.ToString());
            Assert.StartsWith($"{Matches(job)} messages from {topic} written to 1 Parquet files", nativeTransfer.Stdout, StringComparison.Ordinal);
            var files = Directory.GetFiles(managed, "*.parquet").Select(Path.GetFileName).Order().ToArray();
            Assert.NotEmpty(files);
            Assert.Equal(files, Directory.GetFiles(native, "*.parquet").Select(Path.GetFileName).Order().ToArray());
            // The same rows, fields and values; not the same bytes: a transfer writes messages in the order it consumes
            // them from the topic's partitions, which differs from one consumer to the next.
            foreach (var file in files)
                Assert.Equal(await RowsAsync(Path.Combine(managed, file!)), await RowsAsync(Path.Combine(native, file!)));
        }
        finally
        {
            broker.Kill(entireProcessTree: true);
        }
    }

    // Each row as JSON (its fields in schema order, nested values included), sorted.
    private static async Task<string[]> RowsAsync(string parquet)
    {
        var rows = await ParquetRows.ReadAsync(parquet);
        return rows.Select(row => JsonSerializer.Serialize(row)).Order(StringComparer.Ordinal).ToArray();
    }

    private string[] Job(string output, string[] extra) =>
        ["xmatch", "--datalake", w.Lake, "--catalog", w.Catalog, "--ra-column", "ra", "--dec-column", "dec", "--id-column", "name",
            "--radius-arcsec", "2", "--threads", "2", "--out", output, .. extra];

    // "N matches in M alerts written to FILE": the job's own count.
    private static int Matches(CliOutcome outcome) =>
        int.Parse(Regex.Match(outcome.Stderr, @"([\d,]+) matches in").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static async Task<string> BootstrapAsync(string portFile, Process broker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile) && !broker.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(File.Exists(portFile), $"the native kafka serve wrote no port file (exited: {broker.HasExited})");
        return (await File.ReadAllTextAsync(portFile)).Trim();
    }
}
