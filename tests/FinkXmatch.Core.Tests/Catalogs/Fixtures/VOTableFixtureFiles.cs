namespace FinkXmatch.Core.Tests.Catalogs.Fixtures;

/// <summary>The small fixture files committed beside this source, found from the repository root like TestData.</summary>
internal static class VOTableFixtureFiles
{
    private static readonly Lazy<string> Directory = new(Locate);

    public static byte[] Bytes(string name) => File.ReadAllBytes(System.IO.Path.Combine(Directory.Value, name));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FinkXmatch.sln")))
                return System.IO.Path.Combine(dir.FullName, "tests", "FinkXmatch.Core.Tests", "Catalogs", "Fixtures");
        }
        throw new DirectoryNotFoundException("FinkXmatch.sln not found above the test binaries");
    }
}
