using System.Runtime.InteropServices;
using FinkXmatch.Bench;

// bench/run.sh [catalog-csv] — prints Markdown tables for the README. Inputs are generated once into bench/.cache.
var what = args.Length > 0 ? args[0] : "catalog-csv";
var cache = Path.GetFullPath(Environment.GetEnvironmentVariable("FINKXMATCH_BENCH_CACHE") ?? Path.Combine(AppContext.BaseDirectory, "../../../../.cache"));
Directory.CreateDirectory(cache);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
switch (what)
{
    case "catalog-csv":
        Console.WriteLine(CatalogCsvBenchmark.Run(cache, args.Length > 1 ? int.Parse(args[1]) : 10_000_000));
        break;
    default:
        Console.Error.WriteLine($"unknown benchmark '{what}': catalog-csv");
        return 2;
}
return 0;
