namespace FinkXmatch.Tests;

/// <summary>
/// Finds the repository root and the real reference data the tests read, kept in the repository under
/// <c>tests/data</c> (copied from the shared reference folder; see its README). Linked into every test project.
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
        var data = System.IO.Path.Combine(RepositoryRoot, "tests", "data");
        if (Directory.Exists(data)) return data;
        throw new DirectoryNotFoundException($"test data not found at {data}: the repository's tests/data is missing");
    }
}
