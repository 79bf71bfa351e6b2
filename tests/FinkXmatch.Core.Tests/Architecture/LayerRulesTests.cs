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
        ["Os"] = ([], "the calls into the operating system (madvise, the thread's CPU clock), apart and named as such"),
        ["Matching"] = (["Sky", "Os"], "the matcher needs only the sky's geometry (and huge pages for its index)"),
        ["Datalake"] = (["Sky", "ParquetFormat", "Storage", "Os"], "reading alert files stands below matching and output (and fresh pages mapped at once for the buffers it fills)"),
        ["Catalogs"] = (["Sky", "Datalake", "ParquetFormat", "Storage", "Os"], "reading catalogs stands below matching and output (and huge pages for the arrays it fills)"),
        ["Results"] = (["Avro", "Datalake", "ParquetFormat"], "writing result files knows neither Kafka nor how a job runs"),
        ["Kafka"] = (["Avro", "Datalake"], "publishing to Kafka knows neither result files nor how a job runs, nor the embedded broker but as an address"),
        ["KafkaEmbedded"] = (["Kafka"], "the embedded broker (librdkafka's mock, its native calls, the TCP relay) is started by the host, apart from publishing"),
        ["Transfer"] = (["Avro", "Kafka", "Results"], "fink_datatransfer's work: a topic read into result files"),
        ["SkyMaps"] = (["Sky", "Catalogs", "Datalake"], "pictures of catalogs and alerts on the sky"),
        ["Synthetic"] = (["Sky", "Avro", "Datalake"], "the generator writes datalakes; nothing that reads them needs it"),
        ["Xmatch"] = (["Sky", "Avro", "Storage", "Os", "Matching", "Datalake", "Catalogs", "Results", "ParquetFormat", "SkyIndex"], "a crossmatch drives the layers below it (a small catalog reads nights through the sky index)"),
        ["SkyIndex"] = (["Sky", "Datalake", "ParquetFormat", "Storage"], "each night's positions by HEALPix cell, kept as Parquet files (swept of nights gone)"),
        ["SkySearch"] = (["Sky", "Avro", "Datalake", "Catalogs", "Results", "SkyIndex", "Xmatch", "SkyMaps"], "cone searches and regions answered through the sky index (a FITS MOC read by the catalogs' FITS reader; the alerts found drawn on the sky map)"),
    };

    public static TheoryData<string> LayerNames => new(Layers.Keys);

    // Lines that must stay uncrossed whatever the table above says (issue 22): a change that would cross one has to
    // change this list too, in plain sight.
    private static readonly (string From, string To, string Why)[] Forbidden =
    [
        ("Kafka", "KafkaEmbedded", "publishing sees the embedded broker only as a bootstrap address and an IInProcessBroker"),
        ("Kafka", "Results", "publishing to Kafka knows no result files"),
        ("Results", "Kafka", "result files know nothing of Kafka"),
    ];

    public static TheoryData<string, string> ForbiddenLines
    {
        get
        {
            var lines = new TheoryData<string, string>();
            foreach (var (from, to, _) in Forbidden) lines.Add(from, to);
            return lines;
        }
    }

    [Theory]
    [MemberData(nameof(ForbiddenLines))]
    public void A_forbidden_line_is_neither_allowed_nor_crossed(string from, string to)
    {
        var why = Forbidden.Single(f => f.From == from && f.To == to).Why;
        Assert.False(Layers[from].MayUse.Contains(to), $"the rules let core/{from} use {to}, which it must not ({why})");
        var offences = References(from).Where(r => r.Folder == to).Select(r => r.File).Distinct().ToList();
        Assert.True(offences.Count == 0, $"core/{from} must not use {to} ({why}):\n{string.Join("\n", offences)}");
    }

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
        Assert.Empty(CoreSources.Folders().Except(Layers.Keys));
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
        Assert.Contains(References("KafkaEmbedded"), r => r.Folder == "Kafka");
    }

    private static IEnumerable<(string File, string Folder)> References(string folder)
    {
        foreach (var (file, code) in CoreSources.Files(folder))
        {
            foreach (Match m in Reference().Matches(code))
            {
                var used = m.Groups["folder"].Value;
                if (used != folder && Layers.ContainsKey(used)) yield return (file, used);
            }
        }
    }

    // using FinkXmatch.Core.X; FinkXmatch.Core.X.Type; Core.X.Type; X.Type (a namespace-relative name in the core)
    [GeneratedRegex(@"(?:\busing\s+FinkXmatch\.Core\.|\bFinkXmatch\.Core\.|(?<![\w.])Core\.|(?<![\w.]))(?<folder>[A-Z][A-Za-z]+)(?:;|\.[A-Z])")]
    private static partial Regex Reference();
}
