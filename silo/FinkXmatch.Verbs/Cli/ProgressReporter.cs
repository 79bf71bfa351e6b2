using System.Diagnostics;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// Progress of a long command: a redrawn bar on a terminal, plain time-stamped lines (at most one every few
/// seconds) when stderr is redirected, so that logs stay readable.
/// </summary>
public sealed class ProgressReporter(TextWriter output, bool interactive, string unit)
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan? _lastLine;
    private int _lastWidth;

    public static ProgressReporter ForConsole(string unit) =>
        new(Console.Error, !Console.IsErrorRedirected, unit);

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> units, with a free-form detail.</summary>
    public void Report(long done, long total, string detail, bool final = false)
    {
        // Called from a timer and from the command itself: one report at a time.
        lock (_gate) Write(done, total, detail, final);
    }

    private void Write(long done, long total, string detail, bool final)
    {
        if (interactive)
        {
            const int barWidth = 30;
            var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
            var filled = (int)Math.Round(fraction * barWidth);
            var text = $"\r[{new string('#', filled)}{new string('-', barWidth - filled)}] {done}/{total} {unit} {detail} {_clock.Elapsed:mm\\:ss}";
            var pad = Math.Max(0, _lastWidth - text.Length);
            output.Write(text + new string(' ', pad));
            _lastWidth = text.Length;
            if (final) output.WriteLine();
        }
        else if (final || _lastLine is null || _clock.Elapsed - _lastLine.Value >= LineInterval)
        {
            _lastLine = _clock.Elapsed;
            output.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {done}/{total} {unit} {detail}");
        }
        output.Flush();
    }
}
