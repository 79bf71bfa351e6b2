namespace FinkXmatch.Tests;

/// <summary>
/// Finds the repository root and the real reference data in <c>../shared/data</c> beside it (never copied into the
/// repository). <c>FINKXMATCH_SHARED</c> overrides the data location. Linked into every test project.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(LocateRepository);
    private static readonly Lazy<string> Data = new(LocateData);

    /// <summary>The folder holding FinkXmatch.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    public static string Path(string relative) => System.IO.Path.Combine(Data.Value, relative);

    private static string LocateRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FinkXmatch.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("FinkXmatch.sln not found above the test binaries");
    }

    private static string LocateData()
    {
        var env = Environment.GetEnvironmentVariable("FINKXMATCH_SHARED");
        if (!string.IsNullOrEmpty(env)) return System.IO.Path.Combine(env, "data");
        var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "data"));
        if (Directory.Exists(data)) return data;
        throw new DirectoryNotFoundException($"reference data not found at {data}: clone next to ../shared");
    }
}
