using System.Diagnostics;

namespace FinkXmatch.Core.Tests.Kafka;

/// <summary>
/// The independent Kafka clients of the checks: Debian's kcat and /usr/bin/python3 with python3-avro and
/// python3-confluent-kafka (CI installs them: apt-get install -y kcat python3-avro python3-confluent-kafka).
/// A missing tool fails the test with the command that installs it, never passes silently.
/// </summary>
internal static class ExternalKafkaTools
{
    public const string Kcat = "/usr/bin/kcat";
    public const string Python = "/usr/bin/python3";
    private const string Install = "apt-get install -y kcat python3-avro python3-confluent-kafka";

    /// <summary>Runs kcat; returns stdout, failing on a non-zero exit.</summary>
    public static string RunKcat(params string[] args)
    {
        if (!File.Exists(Kcat)) Assert.Fail($"{Kcat} is missing: {Install}");
        return Run(Kcat, args, TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs a Python script with arguments; returns stdout, failing on a non-zero exit.</summary>
    public static string RunPython(string script, params string[] args)
    {
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing: {Install}");
        var file = Path.Combine(Path.GetTempPath(), $"fxmatch-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        try
        {
            return Run(Python, [file, .. args], TimeSpan.FromSeconds(30));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Run(string program, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish within {timeout}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var error = stderr.Result;
            if (error.Contains("No module named", StringComparison.Ordinal)) Assert.Fail($"{error.Trim()}: {Install}");
            Assert.Fail($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        }
        return stdout.Result;
    }
}
