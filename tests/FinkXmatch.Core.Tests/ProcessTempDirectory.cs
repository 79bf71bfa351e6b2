namespace FinkXmatch.Core.Tests;

/// <summary>
/// A folder in the system's temp folder for the files a test class generates once per test process (its name ends
/// with the process id), deleted when the process exits: left behind, the generated datalakes piled up (~46 MB a run).
/// </summary>
internal static class ProcessTempDirectory
{
    public static string Create(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file still open elsewhere: the temp folder's own cleaning takes it.
            }
        };
        return path;
    }
}
