using System.Text.RegularExpressions;

namespace FinkXmatch.Core.Tests.Architecture;

/// <summary>
/// The core calls the operating system (P/Invoke, native libraries loaded by hand, /proc and /sys) only from the
/// folders whose names say so: <c>Os/</c>, and <c>KafkaEmbedded/Native/</c> for librdkafka's mock cluster. A call
/// anywhere else fails here with its file.
/// </summary>
public sealed partial class OsCallRulesTests
{
    private static readonly string[] OsFolders = ["Os/", "KafkaEmbedded/Native/"];

    [Fact]
    public void Only_the_os_folders_call_the_operating_system()
    {
        var offences = CoreSources.Folders().SelectMany(CoreSources.Files)
            .Where(f => !OsFolders.Any(f.Path.StartsWith))
            .SelectMany(f => OsCall().Matches(f.Code).Select(m => $"{f.Path}: {m.Value}"))
            .ToList();
        Assert.True(offences.Count == 0,
            $"only {string.Join(" and ", OsFolders)} may call the operating system; move these there:\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void The_reader_of_os_calls_sees_the_ones_that_exist()
    {
        // Guards the rule above against a pattern that matches nothing: these files do call the system.
        var files = OsFolders.Select(f => f.TrimEnd('/')).SelectMany(CoreSources.Files).ToDictionary(f => f.Path, f => f.Code);
        Assert.Matches(OsCall(), files["Os/HugePages.cs"]);
        Assert.Matches(OsCall(), files["Os/ThreadCpuClock.cs"]);
        Assert.Matches(OsCall(), files["KafkaEmbedded/Native/NativeMethods.cs"]);
        Assert.Matches(OsCall(), files["KafkaEmbedded/Native/LibrdkafkaLibrary.cs"]);
        Assert.Matches(OsCall(), "File.ReadAllText(\"/proc/meminfo\")");
        Assert.Matches(OsCall(), "Path.Combine(\"/sys\", \"fs\")");
    }

    // [DllImport] / [LibraryImport] / static extern, a library loaded by hand, an unmanaged function pointer, a path
    // under /proc or /sys.
    [GeneratedRegex(@"\[\s*(?:DllImport|LibraryImport)\b|\bstatic\s+extern\b|\bextern\s+static\b|\bNativeLibrary\.|\bdelegate\s*\*\s*unmanaged|@?""/(?:proc|sys)\b")]
    private static partial Regex OsCall();
}
