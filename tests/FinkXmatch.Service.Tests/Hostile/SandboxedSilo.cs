using System.Globalization;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Service.Tests.Durable;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// One real <c>finkxmatch</c> service process (memory storage, embedded Kafka) in a sandbox folder: its data directory,
/// a small generated datalake, its working directory, its temporary directory (TMPDIR) and a sentinel folder all lie
/// under <see cref="Root"/>, so that a test can see every file the process writes outside its data directory.
/// <paramref name="settings"/> are <c>FINKXMATCH__...</c> variables (limits).
/// </summary>
public sealed class SandboxedSilo : IAsyncDisposable
{
    public static readonly DateOnly FirstNight = new(2025, 7, 1);
    public const int Nights = 2;

    private SandboxedSilo(string root, SiloProcess process, int gatewayPort)
    {
        Root = root;
        Process = process;
        GatewayPort = gatewayPort;
    }

    public string Root { get; }

    /// <summary>The Orleans gateway port, for command-line clients of the process (<c>finkxmatch users ...</c>).</summary>
    public int GatewayPort { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public SiloProcess Process { get; }

    public HttpClient Client => Process.Client;

    /// <summary>
    /// Starts the process; its datalake holds an alert within 1" of each of <paramref name="counterparts"/>, if given,
    /// and <paramref name="nights"/> nights (<see cref="Nights"/> by default); its Kafka is <paramref name="kafka"/>
    /// (embedded by default).
    /// </summary>
    public static async Task<SandboxedSilo> StartAsync(IReadOnlyDictionary<string, string> settings,
        IReadOnlyList<(double Ra, double Dec)>? counterparts = null, int nights = Nights, string kafka = "embedded")
    {
        var root = Path.Combine(Path.GetTempPath(), $"finkxmatch-sandbox-{Guid.NewGuid():N}");
        foreach (var folder in new[] { "cwd", "tmp", "outside" }) Directory.CreateDirectory(Path.Combine(root, folder));
        await File.WriteAllTextAsync(Path.Combine(root, "outside", "sentinel.txt"), "nothing may be written beside me");
        var datalake = Path.Combine(root, "datalake");
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(datalake, FirstNight, nights, AlertsPerNight: 300,
            CutoutBytes: 0, MaxHistory: 0));
        if (counterparts is not null) generator.Plant(counterparts, fraction: 1, maxOffsetArcsec: 1);
        await generator.GenerateAsync();

        var environment = new Dictionary<string, string>(settings)
        {
            ["TMPDIR"] = Path.Combine(root, "tmp"),
            // No diagnostics IPC socket in TMPDIR: what appears there is the service's doing.
            ["DOTNET_EnableDiagnostics"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var gatewayPort = TestPorts.Free();
        var process = SiloProcess.Start(new Uri($"http://127.0.0.1:{TestPorts.Free()}"),
        [
            "--data-dir", Path.Combine(root, "data"),
            "--datalake", datalake,
            "--kafka", kafka,
            "--silo-port", TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
        ], environment, workingDirectory: Path.Combine(root, "cwd"));
        var silo = new SandboxedSilo(root, process, gatewayPort);
        try
        {
            await process.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
        return silo;
    }

    /// <summary>The process's peak resident set so far (VmHWM of /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Process.ProcessId}/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kib = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("no VmHWM line in /proc/<pid>/status");
    }

    /// <summary>Every file and folder under <see cref="Root"/> except the data directory, as relative paths.</summary>
    public IReadOnlyList<string> EntriesOutsideData() =>
        Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(DataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal) && path != DataDirectory)
            .Select(path => Path.GetRelativePath(Root, path))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The files in a folder of the data directory (uploads, catalogs), by name.</summary>
    public IReadOnlyList<string> DataFiles(string folder)
    {
        var path = Path.Combine(DataDirectory, folder);
        return Directory.Exists(path) ? Directory.GetFiles(path).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray() : [];
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
