using System.Text.RegularExpressions;

namespace FinkXmatch.Core.Tests.Architecture;

/// <summary>
/// The core's folders are its layers: each rule names what a folder may not use, read from the source text (a
/// <c>using FinkXmatch.Core.X</c>, or a type named through <c>X.</c> / <c>Core.X.</c> / <c>FinkXmatch.Core.X.</c>). A new
/// reference across a forbidden line fails here with the file that makes it.
/// </summary>
public sealed partial class LayerRulesTests
{
    private static readonly string[] Folders = ["Catalogs", "Datalake", "Kafka", "Matching", "Results", "Sky", "Storage", "Synthetic", "Xmatch"];

    public static TheoryData<string, string[], string> Rules => new()
    {
        // The generator is a tool of the CLI, the demo, the tests and the benchmark: what reads alerts never needs it.
        { "Datalake", ["Synthetic"], "reading alert files does not depend on the generator" },
        { "Xmatch", ["Synthetic"], "a crossmatch does not depend on the generator" },
        { "Kafka", ["Synthetic"], "publishing results does not depend on the generator" },
        { "Results", ["Synthetic"], "writing results does not depend on the generator" },
        { "Catalogs", ["Synthetic", "Kafka", "Results", "Xmatch", "Matching"], "reading catalogs stands below matching and output" },
        // Geometry and matching are the bottom layers.
        { "Matching", ["Catalogs", "Datalake", "Kafka", "Results", "Xmatch", "Synthetic"], "the matcher needs only the sky's geometry" },
        { "Sky", ["Datalake", "Kafka", "Results", "Xmatch", "Matching", "Synthetic"], "the sky's geometry stands below everything that reads alerts" },
        { "Storage", ["Catalogs", "Datalake", "Kafka", "Matching", "Results", "Sky", "Synthetic", "Xmatch"], "the storage helpers use nothing of the domain" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_folder_does_not_use_what_lies_above_it(string folder, string[] forbidden, string why)
    {
        var offences = References(folder).Where(r => forbidden.Contains(r.Folder)).Select(r => $"{r.File} uses {r.Folder}").ToList();
        Assert.True(offences.Count == 0, $"core/{folder} must not use {string.Join(", ", forbidden)} ({why}):\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void The_reader_of_references_sees_the_ones_that_exist()
    {
        // Guards the rules above against a reader that sees nothing: these references are real.
        Assert.Contains(References("Synthetic"), r => r.Folder == "Datalake");
        Assert.Contains(References("Xmatch"), r => r.Folder == "Matching");
        Assert.Contains(References("Matching"), r => r.Folder == "Sky");
    }

    private static IEnumerable<(string File, string Folder)> References(string folder)
    {
        var root = Path.Combine(TestData.RepositoryRoot, "core", "FinkXmatch.Core", folder);
        Assert.True(Directory.Exists(root), $"no folder {root}");
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var text = Comments().Replace(File.ReadAllText(file), "");
            foreach (Match m in Reference().Matches(text))
            {
                var used = m.Groups["folder"].Value;
                if (used != folder && Folders.Contains(used)) yield return (Path.GetRelativePath(TestData.RepositoryRoot, file), used);
            }
        }
    }

    // using FinkXmatch.Core.X; FinkXmatch.Core.X.Type; Core.X.Type; X.Type (a namespace-relative name in the core)
    [GeneratedRegex(@"(?:\busing\s+FinkXmatch\.Core\.|\bFinkXmatch\.Core\.|(?<![\w.])Core\.|(?<![\w.]))(?<folder>[A-Z][A-Za-z]+)(?:;|\.[A-Z])")]
    private static partial Regex Reference();

    // Line and XML-doc comments: a cref or a word in prose is not a dependency.
    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comments();
}
