using System.Diagnostics;
using System.Net;

namespace FinkXmatch.Bench;

/// <summary>Start-up costs, in seconds per run: what every whole job of <see cref="PeersBenchmark"/> pays before its work.</summary>
internal sealed record StartupFigures(double[] Help, double[] EmptyJob, double[] PeerEmptyJob, double[] Health, string EmptyJobAnswer);

/// <summary>
/// The CLI's own overhead: <c>finkxmatch help</c> (runtime start and dispatch) and <c>finkxmatch xmatch</c> on a night
/// range holding no night (start-up, catalog read, datalake listing, then the refusal, exit 2), beside the DuckDB peer
/// on the same empty range; and the service's time from process start to the first <c>GET /health</c> 200 (always the
/// managed <c>finkxmatch</c>: the native <c>finkxmatch-cli</c> has the job verbs only).
/// </summary>
internal static class StartupBenchmark
{
    private static readonly DateOnly Empty = new(2000, 1, 1);

    public static StartupFigures Run(string cli, string service, string peer, BenchDatalake datalake, string catalog, string outputDirectory, PeersOptions o)
    {
        var help = new List<double>();
        var empty = new List<double>();
        var peerEmpty = new List<double>();
        var health = new List<double>();
        var answer = "";
        var night = PeerJob.Night(Empty);
        var output = Path.Combine(outputDirectory, "empty.parquet");
        // One unmeasured round warms the page cache for the executables and their libraries.
        for (var i = -1; i < o.StartupRepeats; i++)
        {
            var h = WholeProcess.Run(cli, ["help"]);
            var e = WholeProcess.Run(cli, ["xmatch", "--datalake", datalake.Root, "--catalog", catalog, "--ra-column", "ra", "--dec-column", "dec",
                "--id-column", "source_id", "--radius-arcsec", "1.5", "--start-night", night, "--stop-night", night, "--out", output]);
            var p = WholeProcess.Run(peer, ["--datalake", datalake.Root, "--catalog", catalog, "--radius-arcsec", "1.5", "--start-night", night,
                "--stop-night", night, "--survey", datalake.Survey.Name, "--threads", PeerJob.Number(o.Threads), "--out", output]);
            if (h.ExitCode != 0 || e.ExitCode != 2 || p.ExitCode != 0)
                throw new InvalidOperationException($"start-up runs exited {h.ExitCode} (help), {e.ExitCode} (empty range, 2 expected), {p.ExitCode} (peer): {e.Stderr} {p.Stderr}");
            answer = e.Stderr.Trim();
            var s = TimeToHealth(service, datalake.Root, outputDirectory);
            if (i < 0) continue;
            help.Add(h.Seconds);
            empty.Add(e.Seconds);
            peerEmpty.Add(p.Seconds);
            health.Add(s);
            Console.Error.WriteLine(FormattableString.Invariant($"start-up: help {h.Seconds:F3} s, empty job {e.Seconds:F3} s, DuckDB empty job {p.Seconds:F3} s, service /health {s:F3} s"));
        }
        return new StartupFigures(help.ToArray(), empty.ToArray(), peerEmpty.ToArray(), health.ToArray(), answer);
    }

    /// <summary>Seconds from starting the service process to its first <c>GET /health</c> 200 (polled every 10 ms).</summary>
    private static double TimeToHealth(string service, string datalake, string outputDirectory)
    {
        var data = Directory.CreateDirectory(Path.Combine(outputDirectory, $"service-{Guid.NewGuid():N}")).FullName;
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(service)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--urls", $"http://127.0.0.1:{port}", "--datalake", datalake, "--data-dir", data,
                     "--silo-port", $"{LoopbackPort.Free()}", "--gateway-port", $"{LoopbackPort.Free()}" })
            start.ArgumentList.Add(a);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (process.HasExited) throw new InvalidOperationException($"the service exited {process.ExitCode} before /health answered");
                try
                {
                    using var response = http.GetAsync(new Uri($"http://127.0.0.1:{port}/health")).GetAwaiter().GetResult();
                    if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed.TotalSeconds;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                Thread.Sleep(10);
            }
            throw new TimeoutException("the service did not answer /health 200 within 2 minutes");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Directory.Delete(data, recursive: true);
        }
    }
}
