using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// With FINKXMATCH_TRACE_STARTUP=1, one line on stderr per step of a start (the process's age and CPU time so far,
/// and the methods the JIT compiler has compiled and its time: the code ReadyToRun images lack), to see where a
/// command's or the service's start-up goes without a profiler. Nothing otherwise.
/// </summary>
public static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("FINKXMATCH_TRACE_STARTUP") == "1";

    public static void Mark(string step)
    {
        if (!Enabled) return;
        using var self = Process.GetCurrentProcess();
        var age = DateTime.Now - self.StartTime;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"startup: {step} at {age.TotalSeconds:F3} s, {self.TotalProcessorTime.TotalSeconds:F3} s CPU, " +
            $"{JitInfo.GetCompiledMethodCount()} methods jitted in {JitInfo.GetCompilationTime().TotalSeconds:F3} s"));
    }
}
