using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// One <c>finkxmatch</c> service process (the real executable, copied beside the tests), so that a test can stop it
/// cleanly (SIGTERM) or kill it outright (SIGKILL) like an operator or a crash would.
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly CrashReport _crash = new();

    private SiloProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process (for /proc/&lt;pid&gt;/status).</summary>
    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>True when the process ended by a signal it did not handle (exit 128 + signal, e.g. 139 for SIGSEGV).</summary>
    public bool DiedOfSignal => _process.HasExited && _process.ExitCode > 128;

    /// <summary>The crashed thread's frames from the runtime's crash report, if one was written.</summary>
    public string CrashFrames => _crash.Describe();

    /// <summary>The process id (with a launcher, the launcher's, which execs into the silo).</summary>
    public int Id => _process.Id;

    /// <summary>Everything the process printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>dotnet finkxmatch.dll</c> with <paramref name="args"/>; <paramref name="url"/> is its --urls.</summary>
    /// <remarks>
    /// <paramref name="launcher"/>, when given, is the command that runs <c>dotnet finkxmatch.dll ...</c> (its
    /// arguments follow the launcher's), e.g. <c>unshare</c> to give the silo its own mounts. The process runs in
    /// <paramref name="workingDirectory"/> (the test binaries' folder when null).
    /// </remarks>
    public static SiloProcess Start(Uri url, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? launcher = null, string? workingDirectory = null) =>
        Launch(url, ["--urls", url.ToString().TrimEnd('/'), .. args], environment, launcher, workingDirectory);

    /// <summary>Starts <c>finkxmatch api</c> (a front end of a durable cluster) with <paramref name="url"/> as its --urls.</summary>
    public static SiloProcess StartFrontEnd(Uri url, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Launch(url, ["api", "--urls", url.ToString().TrimEnd('/'), .. args], environment, null, null);

    /// <summary>
    /// Starts a command-line verb of the executable (e.g. <c>kafka serve --port P</c>) rather than the service; its
    /// <see cref="Url"/> and <see cref="Client"/> lead nowhere, <see cref="WaitForOutputAsync"/> tells when it is up.
    /// </summary>
    public static SiloProcess StartCommand(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Launch(new Uri("http://127.0.0.1:9/"), args, environment, null, null);

    private static SiloProcess Launch(Uri url, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment,
        IReadOnlyList<string>? launcher, string? workingDirectory)
    {
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        if (launcher is { Count: > 0 })
        {
            foreach (var arg in launcher.Skip(1)) start.ArgumentList.Add(arg);
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "finkxmatch.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Keep the test's own DOTNET_/ASPNETCORE_ settings from leaking into the service.
        start.Environment.Remove("ASPNETCORE_URLS");
        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, url);
        silo._crash.Prepare();
        foreach (var (key, value) in silo._crash.Environment) start.Environment[key] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>GET /health</c> answers 200; fails with the process's output if it exits or times out.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"silo {Url} {await ExitedAsync()} before it was healthy:\n{Output}{_crash.Describe()}");
            try
            {
                using var response = await Client.GetAsync("/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"silo {Url} not healthy after {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Waits until the process has printed <paramref name="text"/>; fails with its output if it exits or times out.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"process {await ExitedAsync()} before printing '{text}':\n{Output}{_crash.Describe()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{text}' not printed within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to end by itself (e.g. after a start-up error) and answers its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as Ctrl-C or Kubernetes would: the silo leaves the cluster cleanly.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _ = Kill(_process.Id, Sigterm);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"silo {Url} did not stop within 30 s of SIGTERM:\n{Output}");
        }
    }

    /// <summary>SIGKILL: the process vanishes without telling anyone, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        Client.Dispose();
        _process.Dispose();
        _crash.Delete();
    }

    /// <summary>"exited N", once the process's last output lines have been read (they arrive after its exit).</summary>
    private async Task<string> ExitedAsync()
    {
        using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(drained.Token);
        }
        catch (OperationCanceledException)
        {
            // A grandchild still holds the pipes: report what arrived.
        }
        return $"exited {_process.ExitCode}";
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
