namespace FinkXmatch.Service.Tests;

/// <summary>
/// Finds the real reference data in <c>../shared/data</c> beside the repository (never copied into it).
/// <c>FINKXMATCH_SHARED</c> overrides the location.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("FINKXMATCH_SHARED");
        if (!string.IsNullOrEmpty(env)) return System.IO.Path.Combine(env, "data");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FinkXmatch.sln")))
            {
                var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
                if (Directory.Exists(data)) return data;
                throw new DirectoryNotFoundException($"reference data not found at {data}: clone next to ../shared");
            }
        }
        throw new DirectoryNotFoundException("FinkXmatch.sln not found above the test binaries");
    }
}
