using System.Text.RegularExpressions;

namespace FinkXmatch.Core.Tests.Architecture;

/// <summary>
/// The core's folders are its layers: each rule names what a folder may not use, read from the source text (a
/// <c>using FinkXmatch.Core.X</c>, or a type named through <c>X.</c> / <c>Core.X.</c> / <c>FinkXmatch.Core.X.</c>). A new
/// reference across a forbidden line fails here with the file that makes it.
/// </summary>
public sealed partial class LayerRulesTests
{
    // What each folder of the core may use; anything else is a forbidden reference. Bottom layers first.
    private static readonly Dictionary<string, (string[] MayUse, string Why)> Layers = new()
    {
        ["Sky"] = ([], "the sky's geometry (HEALPix, MOC, separations, coordinates) stands below everything"),
        ["Binary"] = ([], "varints: the bytes Avro, Thrift and Parquet share"),
        ["ParquetFormat"] = (["Binary"], "the Parquet format (Thrift compact, footers, pages, chunks) knows no alert"),
        ["Avro"] = (["Binary"], "the Avro format serves Parquet results and Kafka alike, and knows neither"),
        ["Storage"] = ([], "the storage helpers use nothing of the domain"),
        ["Matching"] = (["Sky"], "the matcher needs only the sky's geometry"),
        ["Datalake"] = (["Sky", "ParquetFormat"], "reading alert files stands below matching and output"),
        ["Catalogs"] = (["Sky", "Datalake", "ParquetFormat"], "reading catalogs stands below matching and output"),
        ["Results"] = (["Avro", "Datalake", "ParquetFormat"], "writing result files knows neither Kafka nor how a job runs"),
        ["Kafka"] = (["Avro", "Datalake"], "publishing to Kafka knows neither result files nor how a job runs"),
        ["Transfer"] = (["Avro", "Kafka", "Results"], "fink_datatransfer's work: a topic read into result files"),
        ["SkyMaps"] = (["Sky", "Catalogs", "Datalake"], "pictures of catalogs and alerts on the sky"),
        ["Synthetic"] = (["Sky", "Avro", "Datalake"], "the generator writes datalakes; nothing that reads them needs it"),
        ["Xmatch"] = (["Sky", "Avro", "Storage", "Matching", "Datalake", "Catalogs", "Results", "ParquetFormat", "SkyIndex"], "a crossmatch drives the layers below it (a small catalog reads nights through the sky index)"),
        ["SkyIndex"] = (["Sky", "Datalake", "ParquetFormat"], "each night's positions by HEALPix cell, kept as Parquet files"),
        ["SkySearch"] = (["Sky", "Avro", "Datalake", "Catalogs", "Results", "SkyIndex", "Xmatch", "SkyMaps"], "cone searches and regions answered through the sky index (a FITS MOC read by the catalogs' FITS reader; the alerts found drawn on the sky map)"),
    };

    public static TheoryData<string> LayerNames => new(Layers.Keys);

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_folder_uses_only_the_layers_below_it(string folder)
    {
        var (mayUse, why) = Layers[folder];
        var offences = References(folder).Where(r => !mayUse.Contains(r.Folder)).Select(r => $"{r.File} uses {r.Folder}").Distinct().ToList();
        Assert.True(offences.Count == 0,
            $"core/{folder} may use only {(mayUse.Length == 0 ? "no other folder" : string.Join(", ", mayUse))} ({why}):\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void Every_folder_of_the_core_has_its_layer()
    {
        var folders = Directory.GetDirectories(Path.Combine(TestData.RepositoryRoot, "core", "FinkXmatch.Core"))
            .Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        Assert.Empty(folders.Except(Layers.Keys));
    }

    [Fact]
    public void The_layers_have_no_cycles()
    {
        var visiting = new HashSet<string>();
        var done = new HashSet<string>();
        foreach (var folder in Layers.Keys) Visit(folder, []);

        void Visit(string folder, List<string> path)
        {
            if (done.Contains(folder)) return;
            Assert.True(visiting.Add(folder), $"cycle: {string.Join(" -> ", path.Append(folder))}");
            foreach (var used in Layers[folder].MayUse) Visit(used, [.. path, folder]);
            visiting.Remove(folder);
            done.Add(folder);
        }
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
                if (used != folder && Layers.ContainsKey(used)) yield return (Path.GetRelativePath(TestData.RepositoryRoot, file), used);
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
