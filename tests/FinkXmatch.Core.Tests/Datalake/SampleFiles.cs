namespace FinkXmatch.Core.Tests.Datalake;

internal static class SampleFiles
{
    public static string Night => TestData.Path(Path.Combine("datalake-sample", "year=1988", "month=11", "day=03"));

    public static string Part2 => Path.Combine(Night, "part-00002.snappy.parquet");

    public static string Part3 => Path.Combine(Night, "part-00003.snappy.parquet");

    /// <summary>27 real Rubin alerts (LSST schema v10.0) with Fink's added columns, <c>lc_features</c> a map among them.</summary>
    public static string Rubin => TestData.Path("lsst/rubin_test_data_10_0.parquet");
}
