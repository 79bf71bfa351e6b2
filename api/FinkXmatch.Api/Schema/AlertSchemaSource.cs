using System.Collections.Concurrent;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using Microsoft.Extensions.Logging;

namespace FinkXmatch.Api.Schema;

/// <summary>
/// The alert schema the service's jobs select fields from, per survey: the union of the schemas of every night of the
/// survey's datalake (<see cref="JobAlertSchema"/>, read once; datalakes are read-only), as a job over all of it would
/// have; the newest file's alone when two nights disagree on a field's type; Fink's ZTF alert schema when no ZTF
/// datalake is configured or it cannot be read.
/// </summary>
public sealed partial class AlertSchemaSource(SurveyDatalakes datalakes, ILogger<AlertSchemaSource> logger)
{
    private readonly ConcurrentDictionary<Survey, Lazy<Task<AlertSchemaInfo>>> _schemas = new();

    /// <summary>The schema of <paramref name="survey"/>'s alerts (by default the first survey served).</summary>
    /// <exception cref="XmatchRequestException">A survey this service does not serve (and no ZTF fallback applies).</exception>
    public Task<AlertSchemaInfo> GetAsync(Survey? survey = null)
    {
        survey ??= datalakes.All.FirstOrDefault().Survey ?? Survey.Ztf;
        var root = datalakes.All.Where(d => d.Survey == survey).Select(d => d.Root).FirstOrDefault();
        if (root is null && survey != Survey.Ztf)
            throw new XmatchRequestException($"no {survey.Name.ToUpperInvariant()} datalake is configured here");
        return _schemas.GetOrAdd(survey, s => new Lazy<Task<AlertSchemaInfo>>(() => ReadAsync(s, root, logger))).Value;
    }

    private static async Task<AlertSchemaInfo> ReadAsync(Survey survey, string? root, ILogger logger)
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
                        return Describe(survey, "datalake", await JobAlertSchema.ReadAsync(shards));
                    }
                    catch (DatalakeException e)
                    {
                        LogNotMerged(logger, root, e.Message);
                        return Describe(survey, "datalake", await AlertSchema.ReadAsync(shards[^1].Files[0]));
                    }
                }
            }
            catch (DatalakeException e)
            {
                LogUnreadable(logger, root, e.Message);
            }
        }
        return Describe(Survey.Ztf, "fink-ztf", AlertSchema.FromParquet(FinkAlertSchema.BuildParquetSchema()));
    }

    private static AlertSchemaInfo Describe(Survey survey, string source, AlertSchema schema)
    {
        var fields = schema.AllFields.Select(f => new AlertFieldInfo(f.Path, f.TypeName)).ToArray();
        var packets = AlertPackets.Names.ToDictionary(name => name, name => schema.Fields(name).Select(f => f.Path).ToArray(),
            StringComparer.Ordinal);
        var identifiers = survey.Identifiers.Select(i => i.Path).ToArray();
        return new AlertSchemaInfo(source, fields, packets, survey.Name, identifiers, survey.ExampleField);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert schema: the nights of the datalake at {Path} do not merge ({Reason}); offering the newest night's schema")]
    private static partial void LogNotMerged(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert schema: cannot read the datalake at {Path}: {Reason}; using Fink's ZTF schema")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}

/// <summary>
/// <c>GET /schema</c>: every alert field path a job can ask for, with its Spark type, and the fields of each packet.
/// <see cref="Source"/> is <c>datalake</c> (read from the datalake's files) or <c>fink-ztf</c> (Fink's schema);
/// <see cref="Identifiers"/> are the fields every result row starts with; <see cref="Example"/> a field to show in hints.
/// </summary>
public sealed record AlertSchemaInfo(string Source, AlertFieldInfo[] Fields, Dictionary<string, string[]> Packets,
    string Survey, string[] Identifiers, string Example);

/// <summary>A dotted field path (<c>candidate.magpsf</c>) and its type (<c>double</c>, <c>struct</c>, <c>array&lt;struct&gt;</c>).</summary>
public sealed record AlertFieldInfo(string Path, string Type);
