using System.Reflection;
using System.Runtime.InteropServices;

namespace FinkXmatch.Core.KafkaEmbedded.Native;

/// <summary>
/// Finds the build of librdkafka (shipped by librdkafka.redist) that loads on this machine, and points
/// this project's P/Invoke calls at that one file. On Debian the default build needs
/// libsasl2.so.3, which is absent; the centos8 build loads.
/// </summary>
public static class LibrdkafkaLibrary
{
    private static readonly string[] Candidates = ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"];
    private static readonly Lazy<(string Path, IntPtr Handle)> Loaded = new(LoadFirstWorking);
    private static int _resolverSet;

    /// <summary>Full path of the native library in use.</summary>
    public static string Path => Loaded.Value.Path;

    /// <summary>Loads the library once and makes <see cref="NativeMethods"/> use it. Idempotent.</summary>
    public static void EnsureLoaded()
    {
        _ = Loaded.Value;
        // Confluent.Kafka probes the same candidates on its own; its explicit Library.Load is not used because
        // it needs libdl.so, which Debian only has with libc6-dev.
        if (Interlocked.Exchange(ref _resolverSet, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaLibrary).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == NativeMethods.LibraryName ? Loaded.Value.Handle : IntPtr.Zero;

    private static (string, IntPtr) LoadFirstWorking()
    {
        var errors = new List<string>();
        foreach (var dir in SearchDirectories())
        {
            foreach (var file in Candidates)
            {
                var path = System.IO.Path.Combine(dir, file);
                if (!File.Exists(path)) continue;
                if (NativeLibrary.TryLoad(path, out var handle)) return (path, handle);
                errors.Add(path);
            }
        }
        throw new DllNotFoundException(
            $"no loadable librdkafka build found (tried {string.Join(", ", errors.DefaultIfEmpty("nothing: runtimes/linux-x64/native is missing"))})");
    }

    private static IEnumerable<string> SearchDirectories()
    {
        var rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";
        var baseDir = AppContext.BaseDirectory;
        yield return System.IO.Path.Combine(baseDir, "runtimes", rid, "native");
        yield return baseDir;
    }
}
