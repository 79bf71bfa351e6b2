using System.Collections.Concurrent;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Jobs;

/// <summary>
/// What the job and shard grains of a silo share: the settings, the Kafka endpoint and its schema writer, the result
/// folders, the cached catalogs, HEALPix indexes and job plans (each built once per silo), and the nights' sky indexes.
/// </summary>
public sealed partial class XmatchJobResources(IOptions<JobOptions> jobs, IOptions<RetentionOptions> retention,
    IOptions<KafkaOptions> kafkaOptions, IOptions<DataDirectoryOptions> data, KafkaEndpoint kafka, CatalogIndexCache catalogs,
    SurveyDatalakes datalakes, SkyIndexStore skyIndex, ILogger<XmatchJobResources> logger) : IDisposable
{
    private const int MaxPlans = 64;
    // As many as the catalog cache holds by default: a finished job's entry may keep an index the cache has let go.
    private const int MaxIndexes = 8;
    private readonly ConcurrentDictionary<string, Lazy<Task<XmatchPlan>>> _plans = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<CatalogIndex>>> _indexes = new();
    private readonly ConcurrentDictionary<string, byte> _indexesTold = new();

    public JobOptions Jobs => jobs.Value;

    public RetentionOptions Retention => retention.Value;

    public KafkaEndpoint Kafka => kafka;

    public CatalogIndexCache Catalogs => catalogs;

    /// <summary>Publishes job schemas through one producer kept for the silo's life (a fresh one costs a job up to 500 ms).</summary>
    public SchemaTopicWriter Schemas { get; } = new(kafka.BootstrapServers);

    /// <summary>The nights' sky indexes: a small catalog reads nights through them; a night's first scan builds its index.</summary>
    public SkyIndexStore SkyIndex => skyIndex;

    /// <summary>
    /// The Kafka retry budget of jobs (<c>KafkaMaxAttempts</c>, ...; each retry is logged as a warning) and the cluster's
    /// security settings.
    /// </summary>
    public KafkaOutputOptions KafkaOutput { get; } = kafka.Options() with
    {
        MaxAttempts = kafkaOptions.Value.KafkaMaxAttempts,
        FirstRetryDelay = kafkaOptions.Value.KafkaFirstRetryDelay,
        OperationTimeout = kafkaOptions.Value.KafkaOperationTimeout,
        OnRetry = notice => LogKafkaRetry(logger, notice.BootstrapServers, notice.Operation, notice.FailedAttempt, notice.MaxAttempts,
            (long)notice.Delay.TotalMilliseconds, notice.Reason),
    };

    public JobResultFiles Results { get; } = new(data.Value.DataDirectory);

    /// <summary>The datalake of the job's survey.</summary>
    public string DatalakeOf(XmatchJobRequest request) =>
        datalakes.Choose(request.Survey is null ? null : Survey.Parse(request.Survey)).Root;

    public static CatalogSelection Selection(XmatchJobRequest request) =>
        new(request.RaColumn, request.DecColumn, request.IdColumn, request.Coordinates);

    public Task<SourceCatalog> GetCatalogAsync(XmatchJobRequest request) => catalogs.GetCatalogAsync(request.CatalogPath, Selection(request));

    /// <summary>
    /// The job's index: of the sources the alerts of all its nights (<see cref="JobShards"/>) can reach when that pays,
    /// built once per silo for the job's shards; else the whole catalog's, shared by the jobs on it (<see cref="CatalogIndexCache"/>).
    /// The positions are read within the job's core quota, at most the silo's processors.
    /// Asked once per job and silo, not per shard: the cache's key stamps every file of the job's nights, which for a job
    /// of many nights would be that many stats for each of its shards (the nights are the plan's, also kept per job).
    /// </summary>
    public Task<CatalogIndex> GetIndexAsync(string jobId, XmatchJobRequest request, XmatchPlan plan, CancellationToken cancel) =>
        PerJob(_indexes, MaxIndexes, jobId, () => catalogs.GetIndexAsync(request.CatalogPath, Selection(request), request.RadiusArcsec,
            JobShards(request, plan), Math.Min(jobs.Value.CoresPerJob, Environment.ProcessorCount), CancellationToken.None)).WaitAsync(cancel);

    /// <summary>
    /// The shards of <paramref name="plan"/> that are nights of <paramref name="request"/>. The plan spans the request's
    /// first to last night, which may hold nights the request has not (a night added inside the range since, or a
    /// request of nights apart): their alerts would only widen the job's index and its reading.
    /// </summary>
    public static IReadOnlyList<DatalakeShard> JobShards(XmatchJobRequest request, XmatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        var nights = request.Nights.ToHashSet(StringComparer.Ordinal);
        return plan.Shards.Where(s => nights.Contains(s.Name)).ToArray();
    }

    /// <summary>
    /// The index for <paramref name="night"/> of a job whose own index (<see cref="GetIndexAsync(string, XmatchJobRequest, XmatchPlan, CancellationToken)"/>)
    /// left it out, a file of it not read (<see cref="CatalogIndex.Unread"/>): of that night alone, its files read again,
    /// as the full scan of a retried night reads them again.
    /// </summary>
    /// <exception cref="DatalakeException">The night's file still cannot be read (the error names it).</exception>
    public async Task<CatalogIndex> GetNightIndexAsync(XmatchJobRequest request, DatalakeShard night, CancellationToken cancel)
    {
        var index = await catalogs.GetIndexAsync(request.CatalogPath, Selection(request), request.RadiusArcsec, [night],
            Math.Min(jobs.Value.CoresPerJob, Environment.ProcessorCount), CancellationToken.None).WaitAsync(cancel).ConfigureAwait(false);
        return index.Unread.TryGetValue(night.Name, out var unread) ? throw new DatalakeException(unread.Message, unread) : index;
    }

    /// <summary>True the first time it is asked for the job on this silo: that scan's report tells how the index was built.</summary>
    public bool FirstToTellIndex(string jobId)
    {
        if (_indexesTold.Count > MaxPlans) _indexesTold.Clear();   // at worst a long job says it twice
        return _indexesTold.TryAdd(jobId, 0);
    }

    /// <summary>The job's plan (shards, result columns) over its first..last night, built once per silo.</summary>
    public Task<XmatchPlan> GetPlanAsync(string jobId, XmatchJobRequest request) =>
        // On the thread pool: building lists the datalake's folders and reads footers, which would block the grain's scheduler.
        PerJob(_plans, MaxPlans, jobId, () => Task.Run(() => BuildPlanAsync(request)));

    // Built once per job on this silo; a failure is not kept (the next shard builds again).
    private static Task<T> PerJob<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, int max, string jobId, Func<Task<T>> build)
    {
        if (cache.Count > max) cache.Clear();   // cheap to rebuild; keeps finished jobs from piling up
        var entry = cache.GetOrAdd(jobId, _ => new Lazy<Task<T>>(build));
        var task = entry.Value;
        _ = task.ContinueWith(_ => cache.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(jobId, entry)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task<XmatchPlan> BuildPlanAsync(XmatchJobRequest request)
    {
        var catalog = await GetCatalogAsync(request).ConfigureAwait(false);
        var nights = request.Nights.Select(n => Night.Parse(n).Date).ToArray();
        var xmatch = new XmatchOptions(request.RadiusArcsec, request.Match, request.Fields, request.Packet,
            StartNight: nights.Min(), StopNight: nights.Max());
        return await XmatchPlan.CreateAsync(DatalakeOf(request), xmatch, catalog.IdColumn).ConfigureAwait(false);
    }

    public void Dispose() => Schemas.Dispose();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Kafka at {Broker}: {Operation} failed (attempt {Attempt} of {MaxAttempts}): {Reason}; retrying in {DelayMs} ms")]
    private static partial void LogKafkaRetry(ILogger logger, string broker, string operation, int attempt, int maxAttempts, long delayMs, string reason);
}
