using System.Text;
using System.Text.Json.Nodes;

namespace FinkXmatch.Service.Tests.Durable;

/// <summary>
/// The .NET runtime's crash report of a test's child process: a process dying of a signal (exit 139, SIGSEGV, say)
/// prints nothing of why, so each child is started with the runtime's createdump on (<see cref="Environment"/>) and a
/// failing test quotes the crashed thread's frames from the <c>.crashreport.json</c> it leaves.
/// </summary>
internal sealed class CrashReport
{
    private const int FramesShown = 25;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"finkxmatch-crash-{Guid.NewGuid():N}");

    /// <summary>The settings that make the runtime write a small dump and its crash report on a fatal signal.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DOTNET_DbgEnableMiniDump"] = "1",
        ["DOTNET_DbgMiniDumpType"] = "1",
        ["DOTNET_EnableCrashReport"] = "1",
        ["DOTNET_DbgMiniDumpName"] = Path.Combine(_directory, "core.%p"),
    };

    /// <summary>Creates the folder the runtime writes into (it does not create it itself).</summary>
    public void Prepare() => Directory.CreateDirectory(_directory);

    /// <summary>The crashed thread's frames, one per line, or an empty string when no report was written.</summary>
    public string Describe()
    {
        var report = Directory.Exists(_directory) ? Directory.GetFiles(_directory, "*.crashreport.json").FirstOrDefault() : null;
        if (report is null) return "";
        var text = new StringBuilder("\ncrash report, crashed thread:\n");
        try
        {
            var threads = JsonNode.Parse(File.ReadAllText(report))?["payload"]?["threads"]?.AsArray() ?? [];
            var crashed = threads.FirstOrDefault(t => (string?)t?["crashed"] == "true");
            foreach (var frame in (crashed?["stack_frames"]?.AsArray() ?? []).Take(FramesShown))
            {
                var module = (string?)frame?["native_module"] ?? (string?)frame?["filename"] ?? "?";
                var name = (string?)frame?["method_name"] ?? (string?)frame?["unmanaged_name"] ?? (string?)frame?["native_image_offset"];
                text.Append("  ").Append(module).Append('!').AppendLine(name);
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or InvalidOperationException)
        {
            text.AppendLine($"  (unreadable: {e.Message})");
        }
        return text.ToString();
    }

    /// <summary>
    /// Appends <paramref name="text"/> to the run's crash log (<c>FINKXMATCH_TEST_CRASH_LOG</c>, which
    /// tests/run-tests.sh prints after the suite), so that a crash a test survived is still seen.
    /// </summary>
    public static void Record(string text)
    {
        var log = System.Environment.GetEnvironmentVariable("FINKXMATCH_TEST_CRASH_LOG");
        if (string.IsNullOrEmpty(log)) return;
        lock (typeof(CrashReport)) File.AppendAllText(log, $"{DateTime.UtcNow:O} {text}\n");
    }

    /// <summary>Removes the dumps (tens of MB each).</summary>
    public void Delete()
    {
        try
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A dump still being written by a dying process: the temp folder's own cleanup will take it.
        }
    }
}
