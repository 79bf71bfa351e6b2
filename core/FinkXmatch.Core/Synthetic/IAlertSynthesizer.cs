using Parquet;
using Parquet.Schema;

using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Synthetic;

/// <summary>Draws the synthetic alerts of one row group of a survey's schema and writes them (<see cref="DatalakeGenerator"/>).</summary>
internal interface IAlertSynthesizer
{
    /// <summary>Draws the alerts of a row group; <paramref name="firstAlert"/> is the index of its first alert in the night.</summary>
    void Prepare(DateOnly night, long firstAlert, int count, SplitMix64 random);

    /// <summary>Moves alert <paramref name="row"/> to a given position (a planted counterpart).</summary>
    void Place(int row, double ra, double dec);

    /// <summary>The object and alert identifiers of alert <paramref name="row"/> (ZTF objectId/candid, LSST diaObjectId/diaSourceId).</summary>
    (string ObjectId, long AlertId) Identity(int row);

    /// <summary>Writes the prepared alerts as one row group of <paramref name="schema"/>.</summary>
    Task WriteRowGroupAsync(ParquetWriter writer, ParquetSchema schema, CancellationToken cancellationToken);
}
