using System.CommandLine;

namespace FinkXmatch.Silo.Cli;

/// <summary>Flags that several verbs take with the same meaning, declared here once.</summary>
public static class SharedFlags
{
    public static Option<string> Datalake() =>
        CliOptions.Text("datalake", "DIR", "the datalake root, DIR/year=YYYY/month=MM/day=DD/*.parquet", required: true);

    /// <summary><c>--index-dir DIR</c> or <c>--data-dir DIR</c> (its <c>index/</c>, where the service keeps the sky index).</summary>
    public sealed class IndexDirectory
    {
        public Option<string> Index { get; } = CliOptions.Text("index-dir", "DIR", "where the sky index is kept (default: DATA/index)");

        public Option<string> Data { get; } = CliOptions.Text("data-dir", "DATA", "the service's data directory, whose index/ holds the sky index (default ./data)");

        public void AddTo(Command command) => CliOptions.AddTo(command, Index, Data);

        /// <summary>True when either flag is given.</summary>
        public bool Given(ParseResult parse) => parse.GetValue(Index) is not null || parse.GetValue(Data) is not null;

        /// <summary>--index-dir, else DATA/index with --data-dir (default ./data), where the service keeps it.</summary>
        public string Resolve(ParseResult parse)
        {
            var index = parse.GetValue(Index);
            var data = parse.GetValue(Data);
            if (index is not null && data is not null) throw new UsageException("give --index-dir or --data-dir, not both");
            return index ?? Path.Combine(data ?? "data", "index");
        }
    }
}
