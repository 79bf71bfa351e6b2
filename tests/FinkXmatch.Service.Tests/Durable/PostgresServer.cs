using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// A throwaway PostgreSQL server for the durable-mode tests: initdb into a temporary directory, started on a free
/// loopback port with its socket in that directory, fsync off, trust authentication, stopped and deleted at the
/// end. Root cannot run postgres, so as root the server runs as the Debian package's <c>postgres</c> user.
/// Needs the Debian package <c>postgresql</c> (.ci/run installs it).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string User = "fx";
    public const string Password = "fx-secret";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"finkxmatch-pg-{Guid.NewGuid():N}");
    private string _bin = "";
    private int _databases;

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_root, "db");

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_root);
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", "postgres", _root);
        // md5 on TCP so that the URL's password is really checked; trust on the socket for nothing else.
        var passwordFile = Path.Combine(_root, "pw");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", "postgres", passwordFile);
        await RunPostgresAsync("initdb", "-D", DataDirectory, "-U", User, "--pwfile", passwordFile, "--auth-host=md5",
            "--auth-local=trust", "-E", "UTF8", "--no-sync");
        Port = FreePort();
        await RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "30",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200",
            "start");
    }

    public async Task DisposeAsync()
    {
        if (Port != 0)
        {
            NpgsqlConnection.ClearAllPools();
            await RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>A new, empty database; returns its <c>postgres://</c> URL.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"fx{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return Url(name);
    }

    public string Url(string database) => $"postgres://{User}:{Password}@127.0.0.1:{Port}/{database}";

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Password = Password, Database = database, Pooling = false }.ConnectionString;

    /// <summary>Runs a scalar query against the database of a URL from <see cref="CreateDatabaseAsync"/>.</summary>
    public async Task<T> ScalarAsync<T>(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(new Uri(url).AbsolutePath.Trim('/')));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql (.ci/run does)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPostgresAsync(string tool, params string[] args) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
    }
}
