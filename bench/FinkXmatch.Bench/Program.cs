using System.Runtime.InteropServices;
using FinkXmatch.Bench;

// bench/run.sh [catalog-csv|catalog-parquet|xmatch|peers|match|open|smalljob|conesearch|avro] — prints Markdown tables for the README. Inputs are generated once into bench/.cache.
var what = args.Length > 0 ? args[0] : "catalog-csv";
var cache = Path.GetFullPath(Environment.GetEnvironmentVariable("FINKXMATCH_BENCH_CACHE") ?? Path.Combine(AppContext.BaseDirectory, "../../../../.cache"));
Directory.CreateDirectory(cache);
var machine = $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
Console.WriteLine(machine);
try
{
    switch (what)
    {
        case "catalog-csv":
            Console.WriteLine(CatalogCsvBenchmark.Run(cache, args.Length > 1 ? int.Parse(args[1]) : 10_000_000));
            break;
        case "catalog-parquet":
            Console.WriteLine(await CatalogParquetBenchmark.RunAsync(cache, args));
            break;
        case "xmatch":
            await Report($"# Crossmatch benchmark\n\n{machine}", await XmatchBenchmark.RunAsync(cache, XmatchBenchOptions.Parse(args)));
            break;
        case "peers":
            await Report("# FinkXmatch against DuckDB (bench/run.sh peers)", await PeersBenchmark.RunAsync(cache, PeersOptions.Parse(args)));
            break;
        case "match":
            Console.WriteLine(await MatchBenchmark.RunAsync(cache, args));
            break;
        case "open":
            Console.WriteLine(OpenBenchmark.Run(cache, args));
            break;
        case "smalljob":
            Console.WriteLine(await SmallJobBenchmark.RunAsync(cache, args));
            break;
        case "conesearch":
            Console.WriteLine(await ConeSearchBenchmark.RunAsync(cache, args));
            break;
        case "avro":
            var testData = Path.GetFullPath(Environment.GetEnvironmentVariable("FINKXMATCH_TEST_DATA") ?? Path.Combine(AppContext.BaseDirectory, "../../../../../tests/data"));
            Console.WriteLine(AvroEncoderBenchmark.Run(testData));
            break;
        default:
            Console.Error.WriteLine($"unknown benchmark '{what}': catalog-csv, catalog-parquet, xmatch, peers, match, open, smalljob, conesearch, avro");
            return 2;
    }
}
catch (BenchUsageException ex)
{
    // A wrong option is one line, as for the CLI, not a stack trace.
    Console.Error.WriteLine($"bench/run.sh {what}: {ex.Message}");
    return 2;
}
return 0;

// Prints a benchmark's Markdown, and writes it under its title to the results file bench/run.sh names, if any.
static async Task Report(string title, string markdown)
{
    Console.WriteLine(markdown);
    var results = Environment.GetEnvironmentVariable("FINKXMATCH_BENCH_RESULTS");
    if (!string.IsNullOrEmpty(results)) await File.WriteAllTextAsync(results, $"{title}\n\n{markdown}");
}
