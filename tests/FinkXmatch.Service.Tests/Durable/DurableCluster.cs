using System.Globalization;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// Several <c>finkxmatch</c> processes forming one durable cluster, as deploy/local-cluster.sh runs them: one
/// PostgreSQL database (a fresh one per cluster), one shared data directory and datalake, one Kafka broker, and per
/// silo its own HTTP, silo and gateway ports (kept across restarts, like a fixed deployment). Failure detection is
/// tuned to seconds so that a killed silo is declared dead quickly.
/// Job-level tests add a catalog, POST /api/v1/xmatch to any silo, and read the topic from <see cref="Kafka"/>.
/// </summary>
public sealed class DurableCluster : IAsyncDisposable
{
    public static readonly DateOnly FirstNight = new(2025, 7, 1);
    public const int DatalakeNights = 2;
    public const int AlertsPerNight = 300;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresServer _postgres;
    private readonly List<(int Http, int Silo, int Gateway)> _ports = [];
    private readonly SiloProcess?[] _silos;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly CancellationTokenSource _stopTopicRequests = new();
    private readonly Task _topicRequests;

    private DurableCluster(PostgresServer postgres, string databaseUrl, string root, EmbeddedKafkaBroker kafka, int size,
        IReadOnlyDictionary<string, string> environment)
    {
        _postgres = postgres;
        DatabaseUrl = databaseUrl;
        Root = root;
        Kafka = kafka;
        _environment = environment;
        // As `finkxmatch kafka serve` does: the mock has no CreateTopics, so the silos ask this process for their job topics.
        _topicRequests = TopicRequestServer.ServeAsync(kafka, _stopTopicRequests.Token);
        _silos = new SiloProcess?[size];
        for (var i = 0; i < size; i++) _ports.Add((TestPorts.Free(), TestPorts.Free(), TestPorts.Free()));
    }

    public string DatabaseUrl { get; }

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string Datalake => Path.Combine(Root, "datalake");

    /// <summary>The broker every silo writes result topics to (an in-process one serving topic requests, as `finkxmatch kafka serve` runs).</summary>
    public EmbeddedKafkaBroker Kafka { get; }

    /// <summary>Silo <paramref name="index"/>; throws if it is not running.</summary>
    public SiloProcess this[int index] => _silos[index] ?? throw new InvalidOperationException($"silo {index} is not running");

    /// <summary>
    /// A new database on <paramref name="postgres"/>, a datalake, a broker; no silo yet. The datalake is the generated
    /// two-night one unless <paramref name="writeDatalake"/> writes another into the directory it is given.
    /// <paramref name="environment"/> adds settings to every silo (e.g. <c>FINKXMATCH__CORESPERJOB</c>).
    /// </summary>
    public static async Task<DurableCluster> CreateAsync(PostgresServer postgres, int size = 3, Func<string, Task>? writeDatalake = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = Path.Combine(Path.GetTempPath(), $"finkxmatch-durable-{Guid.NewGuid():N}");
        var datalake = Path.Combine(root, "datalake");
        if (writeDatalake is not null) await writeDatalake(datalake);
        else await new DatalakeGenerator(new DatalakeGeneratorOptions(datalake, FirstNight, DatalakeNights,
            AlertsPerNight, CutoutBytes: 0, MaxHistory: 0)).GenerateAsync();
        return new DurableCluster(postgres, await postgres.CreateDatabaseAsync(), root, EmbeddedKafkaBroker.Start(), size,
            environment ?? new Dictionary<string, string>());
    }

    /// <summary>The Orleans silo port of silo <paramref name="index"/> (fixed across its restarts).</summary>
    public int SiloPort(int index) => _ports[index].Silo;

    public int Size => _silos.Length;

    /// <summary>Starts the given silos (all when none are named) at once and waits until each is healthy.</summary>
    public async Task StartAsync(params int[] indexes)
    {
        if (indexes.Length == 0) indexes = Enumerable.Range(0, _silos.Length).ToArray();
        foreach (var i in indexes)
        {
            if (_silos[i] is { HasExited: false }) throw new InvalidOperationException($"silo {i} is already running");
            if (_silos[i] is { } old) await old.DisposeAsync();
            _silos[i] = StartSilo(i);
        }
        await Task.WhenAll(indexes.Select(WaitHealthyAsync));
    }

    // A silo killed by a signal while starting (seen once on CI: exit 139, SIGSEGV, no output) is started once more, so
    // that the test goes on to what it checks; the crash and its frames go to the run's crash log, printed after the suite.
    private async Task WaitHealthyAsync(int index)
    {
        try
        {
            await _silos[index]!.WaitHealthyAsync(StartTimeout);
        }
        catch (InvalidOperationException e) when (_silos[index]!.DiedOfSignal)
        {
            CrashReport.Record($"silo {index} died while starting, started again: {e.Message}");
            await _silos[index]!.DisposeAsync();
            _silos[index] = StartSilo(index);
            await _silos[index]!.WaitHealthyAsync(StartTimeout);
        }
    }

    /// <summary>A <c>finkxmatch api</c> front end of this cluster (no silo) on a free port, once healthy; the caller disposes it.</summary>
    public async Task<SiloProcess> StartFrontEndAsync()
    {
        var frontEnd = SiloProcess.StartFrontEnd(new Uri($"http://127.0.0.1:{TestPorts.Free().ToString(CultureInfo.InvariantCulture)}"),
            ["--storage", DatabaseUrl, "--data-dir", DataDirectory, "--datalake", Datalake, "--kafka", Kafka.BootstrapServers],
            new Dictionary<string, string>(_environment) { ["Logging__LogLevel__Default"] = "Warning" });
        try
        {
            await frontEnd.WaitHealthyAsync(StartTimeout);
            return frontEnd;
        }
        catch
        {
            await frontEnd.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM to every running silo, all at once; waits until they have exited.</summary>
    public Task StopAllAsync() => Task.WhenAll(_silos.Where(s => s is { HasExited: false }).Select(s => s!.StopAsync()));

    /// <summary>Rows of the Orleans membership table of this cluster with the given status (3 Active, 6 Dead).</summary>
    public Task<int> SilosWithStatusAsync(int status) =>
        _postgres.ScalarAsync<int>(DatabaseUrl, $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = 'finkxmatch' AND Status = {status.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The membership row status of silo <paramref name="index"/>'s latest incarnation (by its silo port).</summary>
    public Task<int> StatusOfAsync(int index) =>
        _postgres.ScalarAsync<int>(DatabaseUrl, $"SELECT Status FROM OrleansMembershipTable WHERE Port = {_ports[index].Silo.ToString(CultureInfo.InvariantCulture)} ORDER BY Generation DESC LIMIT 1");

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        if (!await TryWaitUntilAsync(condition, timeout)) throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {what}");
    }

    /// <summary>Whether <paramref name="condition"/> held within <paramref name="timeout"/> (asked every 250 ms).</summary>
    public static async Task<bool> TryWaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(250);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (silo is not null) await silo.DisposeAsync();
        }
        await _stopTopicRequests.CancelAsync();
        await _topicRequests;
        _stopTopicRequests.Dispose();
        Kafka.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private SiloProcess StartSilo(int index)
    {
        var (http, silo, gateway) = _ports[index];
        return SiloProcess.Start(new Uri($"http://127.0.0.1:{http}"),
        [
            "--storage", DatabaseUrl,
            "--data-dir", DataDirectory,
            "--datalake", Datalake,
            "--kafka", Kafka.BootstrapServers,
            "--silo-port", silo.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", gateway.ToString(CultureInfo.InvariantCulture),
        ],
        new Dictionary<string, string>(_environment)
        {
            ["Logging__LogLevel__Default"] = "Warning",
            // Seconds rather than the production minute: probe every second, dead after two missed probes.
            ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        });
    }
}
