using Parquet.Schema;

namespace FinkXmatch.Core.Datalake.Lsst;

/// <summary>
/// The schema of Fink's LSST datalake files: the raw Rubin alert schema of a version (the Spark schema JSON of
/// fink-broker's <c>rubin_parquet_schema/lsst.v*.parquet</c>, copied in <c>tests/data/lsst/schemas</c>) followed by the
/// columns Fink adds (<c>clf</c>, <c>xm</c>, <c>pred</c>, <c>misc</c> structs, the <c>lc_features</c> map, broker
/// timestamps and versions: the Spark schema of the 27 real alerts in <c>rubin_test_data_10_0.parquet</c>, fink-science
/// 8.35.1), as Spark 3.4 writes them.
/// </summary>
public static class LsstAlertSchema
{
    /// <summary>Rubin alert schema versions this project can write.</summary>
    public static IReadOnlyList<string> Versions { get; } = ["9.0", "10.0"];

    /// <summary>The version Rubin sends since 2026.</summary>
    public const string Latest = "10.0";

    /// <summary>The value of the <c>lsst_schema_version</c> column for <paramref name="version"/> (<c>lsst.v10_0</c>).</summary>
    public static string ColumnValue(string version) => "lsst.v" + Checked(version).Replace('.', '_');

    /// <summary>The Spark SQL schema JSON of a Fink LSST alert row under <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentException">a version not in <see cref="Versions"/>.</exception>
    public static string SparkJson(string version) =>
        SparkSchemaJson.Concatenate(Resource(ColumnValue(version)), Resource("fink_lsst_columns"));

    /// <summary>The Parquet schema of <see cref="SparkJson"/>.</summary>
    public static ParquetSchema BuildParquetSchema(string version) => new(SparkSchemaJson.ToParquet(SparkJson(version)));

    private static string Checked(string version) => Versions.Contains(version)
        ? version
        : throw new ArgumentException($"unknown LSST schema version '{version}': use one of {string.Join(", ", Versions)}", nameof(version));

    private static string Resource(string name)
    {
        using var stream = typeof(LsstAlertSchema).Assembly.GetManifestResourceStream($"FinkXmatch.Core.Datalake.Lsst.{name}.spark.json")
            ?? throw new InvalidOperationException($"resource {name}.spark.json is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
