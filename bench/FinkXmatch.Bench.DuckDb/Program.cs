using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using FinkXmatch.Bench.DuckDb;

// duckdb-xmatch: the peer of `finkxmatch xmatch` in bench/run.sh peers. The same question (nearest catalog source
// within the radius of each alert of the nights asked), over the same Parquet files, by DuckDB's SQL.
//   duckdb-xmatch --datalake DIR --catalog FILE.parquet --radius-arcsec R --start-night D --stop-night D
//                 --survey ztf|lsst --out FILE.parquet [--threads 2]
// The catalog is a Parquet file with columns source_id, ra, dec (degrees). Exit 0 and one summary line on stderr.
try
{
    var o = PeerOptions.Parse(args);
    var clock = Stopwatch.StartNew();
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    foreach (var statement in ZonesQuery.Statements(o))
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        command.ExecuteNonQuery();
    }
    using var count = connection.CreateCommand();
    count.CommandText = $"SELECT count(*) FROM read_parquet({ZonesQuery.Literal(o.Out)})";
    var matches = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"duckdb: {matches:N0} matches written to {o.Out} in {clock.Elapsed.TotalSeconds:F2} s ({o.Threads} threads)"));
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (DuckDBException e)
{
    Console.Error.WriteLine($"failed: {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}
