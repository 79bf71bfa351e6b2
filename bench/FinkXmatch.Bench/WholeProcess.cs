using System.Diagnostics;
using System.Globalization;

namespace FinkXmatch.Bench;

/// <summary>One whole process run: wall clock from start to exit, and what GNU time saw of it.</summary>
internal sealed record ProcessRun(double Seconds, int ExitCode, long PeakRssBytes, double CpuSeconds, string Stderr);

/// <summary>
/// Runs a program as a whole process, as a user would (start-up included), timed by a Stopwatch around it; under
/// <c>/usr/bin/time</c> when the machine has it, for the peak resident set and the CPU time.
/// </summary>
internal static class WholeProcess
{
    private const string GnuTime = "/usr/bin/time";

    public static ProcessRun Run(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var measured = File.Exists(GnuTime);
        var report = measured ? Path.GetTempFileName() : null;
        var start = new ProcessStartInfo(measured ? GnuTime : program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (measured)
            foreach (var a in new[] { "-f", "%M %U %S", "-o", report!, program }) start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        var (rss, cpu) = (0L, 0.0);
        if (report is not null)
        {
            // GNU time's last line: max RSS in KiB, user and system seconds (a line before it tells of a signal).
            var fields = File.ReadAllLines(report).LastOrDefault(l => l.Length > 0)?.Split(' ') ?? [];
            if (fields.Length == 3)
                (rss, cpu) = (long.Parse(fields[0], CultureInfo.InvariantCulture) * 1024,
                    double.Parse(fields[1], CultureInfo.InvariantCulture) + double.Parse(fields[2], CultureInfo.InvariantCulture));
            File.Delete(report);
        }
        _ = stdout.Result;
        return new ProcessRun(clock.Elapsed.TotalSeconds, process.ExitCode, rss, cpu, stderr.Result);
    }
}
