using FinkXmatch.Core.Datalake;
using FinkXmatch.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Schema;

/// <summary>
/// The alert schema the service's jobs select fields from: the union of the schemas of every night of the datalake
/// (<see cref="JobAlertSchema"/>, read once; the datalake is read-only), as a job over all of it would have; the newest
/// file's alone when two nights disagree on a field's type; Fink's ZTF alert schema when no datalake is configured or
/// it cannot be read.
/// </summary>
public sealed partial class AlertSchemaSource(IOptions<FinkXmatchOptions> options, ILogger<AlertSchemaSource> logger)
{
    private readonly Lazy<Task<AlertSchemaInfo>> _schema = new(() => ReadAsync(options.Value.Datalake, logger));

    public Task<AlertSchemaInfo> GetAsync() => _schema.Value;

    private static async Task<AlertSchemaInfo> ReadAsync(string? root, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(root))
        {
            try
            {
                var shards = DatalakeLayout.Open(root).Shards;
                if (shards.Count > 0)
                {
                    try
                    {
                        return Describe("datalake", await JobAlertSchema.ReadAsync(shards));
                    }
                    catch (DatalakeException e)
                    {
                        LogNotMerged(logger, root, e.Message);
                        return Describe("datalake", await AlertSchema.ReadAsync(shards[^1].Files[0]));
                    }
                }
            }
            catch (DatalakeException e)
            {
                LogUnreadable(logger, root, e.Message);
            }
        }
        return Describe("fink-ztf", AlertSchema.FromParquet(FinkAlertSchema.BuildParquetSchema()));
    }

    private static AlertSchemaInfo Describe(string source, AlertSchema schema)
    {
        var fields = schema.AllFields.Select(f => new AlertFieldInfo(f.Path, f.TypeName)).ToArray();
        var packets = AlertPackets.Names.ToDictionary(name => name, name => schema.Fields(name).Select(f => f.Path).ToArray(),
            StringComparer.Ordinal);
        return new AlertSchemaInfo(source, fields, packets);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert schema: the nights of the datalake at {Path} do not merge ({Reason}); offering the newest night's schema")]
    private static partial void LogNotMerged(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert schema: cannot read the datalake at {Path}: {Reason}; using Fink's ZTF schema")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}

/// <summary>
/// <c>GET /schema</c>: every alert field path a job can ask for, with its Spark type, and the fields of each packet.
/// <see cref="Source"/> is <c>datalake</c> (read from the datalake's files) or <c>fink-ztf</c> (Fink's schema).
/// </summary>
public sealed record AlertSchemaInfo(string Source, AlertFieldInfo[] Fields, Dictionary<string, string[]> Packets);

/// <summary>A dotted field path (<c>candidate.magpsf</c>) and its type (<c>double</c>, <c>struct</c>, <c>array&lt;struct&gt;</c>).</summary>
public sealed record AlertFieldInfo(string Path, string Type);
