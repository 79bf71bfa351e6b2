using System.Diagnostics;
using System.Globalization;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>
/// A launcher that runs a process with a small tmpfs mounted over one directory, in a mount namespace of its own
/// (<c>unshare</c>, util-linux): a disk that really fills up (ENOSPC), needing no loop device, no image file and no
/// cleanup, since the mount vanishes with the process. Root with CAP_SYS_ADMIN (a CI machine, a privileged container)
/// mounts directly; otherwise a user namespace (<c>--map-root-user</c>) grants the right to mount inside it. Where
/// neither is allowed (an unprivileged container under a seccomp profile that forbids unshare), the test says so.
/// The test reaches the files through <c>/proc/PID/root</c>, which shows the process's own mounts.
/// </summary>
internal static class PrivateTmpfs
{
    private const string MountThenExec = "mount -t tmpfs -o size=\"$1\" tmpfs \"$0\" && shift && exec \"$@\"";

    /// <summary>The launcher mounting <paramref name="sizeBytes"/> of tmpfs on <paramref name="directory"/>, then running the command.</summary>
    public static IReadOnlyList<string> Launcher(string directory, long sizeBytes)
    {
        var size = sizeBytes.ToString(CultureInfo.InvariantCulture);
        foreach (var unshare in new[] { new[] { "unshare", "--mount", "--propagation", "private" },
                     new[] { "unshare", "--user", "--map-root-user", "--mount", "--propagation", "private" } })
        {
            if (Works([.. unshare, "sh", "-c", MountThenExec, directory, size, "true"])) return [.. unshare, "sh", "-c", MountThenExec, directory, size];
        }
        throw new InvalidOperationException(
            "cannot mount a private tmpfs (neither as root with CAP_SYS_ADMIN nor in a user namespace): run the tests as root on a machine or privileged container");
    }

    /// <summary>Where a process sees <paramref name="path"/> in its own mount namespace.</summary>
    public static string Inside(int processId, string path) => $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/root{Path.GetFullPath(path)}";

    private static bool Works(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;   // no unshare at all
        }
    }
}
