using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Lsst;

namespace FinkXmatch.Core.Synthetic;

/// <summary>What <see cref="DatalakeGenerator"/> writes.</summary>
/// <param name="Root">Datalake root; nights go to <c>Root/year=YYYY/month=MM/day=DD/part-NNNNN.snappy.parquet</c>.</param>
/// <param name="FirstNight">First night written.</param>
/// <param name="Nights">Number of consecutive nights.</param>
/// <param name="AlertsPerNight">Alerts per night.</param>
/// <param name="Seed">Same seed and options, same files.</param>
/// <param name="CutoutBytes">Bytes per cutout stamp (3 per alert); real ZTF stamps are ~13 kB of gzipped FITS.
/// 0 writes tiny 16-byte stamps.</param>
/// <param name="RowGroupSize">Alerts per row group; 0 (default) sizes them like Spark's 128 MB blocks: about 3,000
/// alerts with real cutouts, tens of thousands with tiny ones.</param>
/// <param name="AlertsPerFile">Alerts per Parquet file; a night holds several files when larger.</param>
/// <param name="MaxHistory">Most <c>prv_candidates</c> per alert (uniform 0..MaxHistory; ZTF keeps 30 days); for LSST,
/// most <c>prvDiaSources</c> (and twice as many <c>prvDiaForcedSources</c>).</param>
/// <param name="SurveyChoice">Whose alerts: ZTF's schema (<see cref="FinkAlertSchema"/>, the default) or Rubin's
/// (<see cref="LsstAlertSchema"/>). For LSST, CutoutBytes 0 writes no cutouts (null columns).</param>
/// <param name="LsstSchemaVersion">The Rubin alert schema version of LSST nights (<see cref="LsstAlertSchema.Versions"/>).</param>
public sealed record DatalakeGeneratorOptions(
    string Root,
    DateOnly FirstNight,
    int Nights,
    int AlertsPerNight,
    int Seed = 42,
    int CutoutBytes = DatalakeGeneratorOptions.RealCutoutBytes,
    int RowGroupSize = 0,
    int AlertsPerFile = 200_000,
    int MaxHistory = 20,
    Survey? SurveyChoice = null,
    string LsstSchemaVersion = LsstAlertSchema.Latest)
{
    /// <summary>Whose alerts are written.</summary>
    public Survey Survey => SurveyChoice ?? Survey.Ztf;

    /// <summary>Typical size of one real ZTF cutout stamp.</summary>
    public const int RealCutoutBytes = 13_000;

    /// <summary>Spark's default Parquet block size, which bounds its row groups.</summary>
    public const int SparkBlockBytes = 128 << 20;

    /// <summary>The row group size in use: <see cref="RowGroupSize"/>, or the Spark-like size for these alerts.</summary>
    public int EffectiveRowGroupSize => RowGroupSize > 0 ? RowGroupSize : Math.Clamp(SparkBlockBytes / EstimatedAlertBytes, 1024, 131_072);

    /// <summary>
    /// Rough compressed size of one alert: three stamps, ~500 B of candidate, ~230 B per history entry; for LSST ~2 kB of
    /// diaSource, diaObject and Fink's columns, ~500 B per prvDiaSources entry and ~100 B per forced one.
    /// </summary>
    private int EstimatedAlertBytes => Survey == Survey.Lsst
        ? 3 * CutoutBytes + 2000 + MaxHistory / 2 * 700
        : 3 * Math.Max(CutoutBytes, 16) + 500 + MaxHistory / 2 * 230;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Root);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Nights);
        ArgumentOutOfRangeException.ThrowIfNegative(AlertsPerNight);
        ArgumentOutOfRangeException.ThrowIfNegative(CutoutBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(RowGroupSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AlertsPerFile);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxHistory);
        if (!LsstAlertSchema.Versions.Contains(LsstSchemaVersion))
            throw new ArgumentException($"unknown LSST schema version '{LsstSchemaVersion}': use one of {string.Join(", ", LsstAlertSchema.Versions)}");
    }
}

/// <summary>An alert placed near a given position by <see cref="DatalakeGenerator.Plant"/>.</summary>
/// <param name="SourceIndex">Index of the position in the list given to <see cref="DatalakeGenerator.Plant"/>.</param>
/// <param name="Night">Night (shard) holding the alert.</param>
/// <param name="File">Parquet file holding the alert.</param>
/// <param name="RowGroup">Row group within the file.</param>
/// <param name="Row">Row within the row group.</param>
/// <param name="ObjectId">The alert's objectId (LSST: <c>diaObjectId</c>, as text).</param>
/// <param name="Candid">The alert's candid (LSST: <c>diaSourceId</c>).</param>
/// <param name="Ra">The alert's <c>candidate.ra</c> (LSST: <c>diaSource.ra</c>), deg.</param>
/// <param name="Dec">The alert's <c>candidate.dec</c> (LSST: <c>diaSource.dec</c>), deg.</param>
/// <param name="SeparationArcsec">Great-circle distance from the given position.</param>
public sealed record PlantedAlert(int SourceIndex, DateOnly Night, string File, int RowGroup, int Row, string ObjectId,
    long Candid, double Ra, double Dec, double SeparationArcsec);

/// <summary>What <see cref="DatalakeGenerator.GenerateAsync"/> wrote.</summary>
public sealed record DatalakeGenerationResult(string Root, int Nights, int Files, long Alerts, long Bytes, TimeSpan Elapsed,
    IReadOnlyList<PlantedAlert> Planted)
{
    /// <summary>Write rate.</summary>
    public double AlertsPerSecond => Alerts / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
