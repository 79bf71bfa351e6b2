using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// deploy/local-cluster.sh run as an operator runs it (bash, its own PostgreSQL, broker, silos and front end), with
/// its output captured, stopped as by Ctrl-C (SIGTERM: the script stops everything it started).
/// </summary>
internal sealed class LocalClusterScript : IAsyncDisposable
{
    private readonly Process _bash;
    private readonly StringBuilder _output = new();

    private LocalClusterScript(Process bash) => _bash = bash;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _bash.HasExited;

    public static LocalClusterScript Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = TestData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(TestData.RepositoryRoot, "deploy", "local-cluster.sh"));
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var script = new LocalClusterScript(new Process { StartInfo = start });
        script._bash.OutputDataReceived += (_, e) => script.Append(e.Data);
        script._bash.ErrorDataReceived += (_, e) => script.Append(e.Data);
        script._bash.Start();
        script._bash.BeginOutputReadLine();
        script._bash.BeginErrorReadLine();
        return script;
    }

    /// <summary>Waits until the script has printed a line matching <paramref name="pattern"/>; answers the match.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = pattern.Match(Output);
            if (match.Success) return match;
            if (_bash.HasExited) throw new InvalidOperationException($"local-cluster.sh exited {_bash.ExitCode} before printing /{pattern}/:\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"local-cluster.sh did not print /{pattern}/ within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGTERM, as Ctrl-C: answers the exit code once the script has stopped everything.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_bash.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _bash.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        using var cancel = new CancellationTokenSource(timeout);
        await _bash.WaitForExitAsync(cancel.Token);
        return _bash.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_bash.HasExited)
        {
            // Let the script stop its PostgreSQL server too (pg_ctl daemonizes it, out of the script's process tree).
            try
            {
                await StopAsync(TimeSpan.FromSeconds(90));
            }
            catch (OperationCanceledException)
            {
                _bash.Kill(entireProcessTree: true);
                await _bash.WaitForExitAsync();
            }
        }
        _bash.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
