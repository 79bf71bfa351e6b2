using System.Text.RegularExpressions;

namespace FinkXmatch.Core.Tests.Architecture;

/// <summary>The core's source files as the architecture tests read them: by folder, without their line comments.</summary>
internal static partial class CoreSources
{
    /// <summary>core/FinkXmatch.Core, where the folders are.</summary>
    public static string Root => Path.Combine(TestData.RepositoryRoot, "core", "FinkXmatch.Core");

    /// <summary>The core's folders (bin and obj are the build's).</summary>
    public static IEnumerable<string> Folders() =>
        Directory.GetDirectories(Root).Select(d => Path.GetFileName(d)!).Where(f => f is not ("bin" or "obj"));

    /// <summary>Every .cs file under <paramref name="folder"/>: its path from the core's root, with '/', and its text without comments.</summary>
    public static IEnumerable<(string Path, string Code)> Files(string folder)
    {
        var root = System.IO.Path.Combine(Root, folder);
        Assert.True(Directory.Exists(root), $"no folder {root}");
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            yield return (System.IO.Path.GetRelativePath(Root, file).Replace('\\', '/'), Comments().Replace(File.ReadAllText(file), ""));
    }

    // Line and XML-doc comments: a cref or a word in prose is not a dependency, nor a path in prose a call.
    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comments();
}
