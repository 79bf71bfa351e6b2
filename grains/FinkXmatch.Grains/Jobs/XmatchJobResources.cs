using System.Collections.Concurrent;
using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Xmatch;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// What the job and shard grains of a silo share: the settings, the Kafka endpoint, the result folders, and the
/// cached catalogs, HEALPix indexes and job plans (each built once per silo).
/// </summary>
public sealed class XmatchJobResources(IOptions<FinkXmatchOptions> options, KafkaEndpoint kafka, CatalogIndexCache catalogs)
{
    private const int MaxPlans = 64;
    private readonly ConcurrentDictionary<string, Lazy<Task<XmatchPlan>>> _plans = new();

    public FinkXmatchOptions Options => options.Value;

    public KafkaEndpoint Kafka => kafka;

    public CatalogIndexCache Catalogs => catalogs;

    public JobResultFiles Results { get; } = new(options.Value.DataDirectory);

    public string Datalake => Options.Datalake is { Length: > 0 } root ? root : throw new InvalidOperationException("no datalake is configured");

    public static CatalogSelection Selection(XmatchJobRequest request) =>
        new(request.RaColumn, request.DecColumn, request.IdColumn, RequestWords.ParseCoordinates(request.Coordinates));

    public Task<SourceCatalog> GetCatalogAsync(XmatchJobRequest request) => catalogs.GetCatalogAsync(request.CatalogPath, Selection(request));

    public Task<Core.Matching.HealpixIndex> GetIndexAsync(XmatchJobRequest request) =>
        catalogs.GetIndexAsync(request.CatalogPath, Selection(request), request.RadiusArcsec);

    /// <summary>The job's plan (shards, result columns) over its first..last night, built once per silo.</summary>
    public Task<XmatchPlan> GetPlanAsync(string jobId, XmatchJobRequest request)
    {
        if (_plans.Count > MaxPlans) _plans.Clear();   // cheap to rebuild; keeps finished jobs from piling up
        var entry = _plans.GetOrAdd(jobId, _ => new Lazy<Task<XmatchPlan>>(() => BuildPlanAsync(request)));
        var task = entry.Value;
        _ = task.ContinueWith(_ => _plans.TryRemove(new KeyValuePair<string, Lazy<Task<XmatchPlan>>>(jobId, entry)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task<XmatchPlan> BuildPlanAsync(XmatchJobRequest request)
    {
        var catalog = await GetCatalogAsync(request).ConfigureAwait(false);
        var nights = request.Nights.Select(n => DateOnly.ParseExact(n, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var xmatch = new XmatchOptions(request.RadiusArcsec, RequestWords.ParseMatch(request.Match), request.Fields, request.Packet,
            StartNight: nights.Min(), StopNight: nights.Max());
        return await XmatchPlan.CreateAsync(Datalake, xmatch, catalog.IdColumn).ConfigureAwait(false);
    }
}
