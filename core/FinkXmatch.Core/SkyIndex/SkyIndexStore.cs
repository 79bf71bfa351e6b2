using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Datalake.Raw;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// The sky index of each night, under <c>DIRECTORY/&lt;survey&gt;/&lt;yyyy-MM-dd&gt;.parquet</c> (the service's data
/// directory or <c>--index-dir</c>; never in the datalake, which may be read-only): built the first time a night is asked
/// for, then opened from disk and kept in memory (its header and row-group cell ranges). A night whose files changed
/// (a file added, removed, or of another size or modification time) is built again. One build per night at a time.
/// Each index written records its night's occupancy beside it (<c>&lt;yyyy-MM-dd&gt;.occupancy</c>, from the cells
/// just computed), so the sky map of a night a job has read needs no further read of the night's files.
/// </summary>
public sealed class SkyIndexStore(string directory) : IRecordedOccupancy
{
    private readonly ConcurrentDictionary<(string Survey, DateOnly Night), NightIndex> _memory = new();
    private readonly ConcurrentDictionary<(string Survey, DateOnly Night), SemaphoreSlim> _gates = new();
    private long _built;

    /// <summary>Where the index files are kept.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>
    /// The scan plans of the datalake files read beside the index (under <c>DIRECTORY/plans</c>): a file read by a job,
    /// an index build or a search has its footer parsed once, on its very first scan, even across restarts.
    /// </summary>
    public ScanPlanStore Plans { get; } = new(Path.Combine(directory, "plans"));

    /// <summary>Nights built since this store was made (neither in memory nor on disk for their current files).</summary>
    public long NightsBuilt => Interlocked.Read(ref _built);

    /// <summary>Where the index of <paramref name="night"/> of <paramref name="survey"/> is kept.</summary>
    public string FilePath(Survey survey, DateOnly night) =>
        Path.Combine(Directory, survey.Name, new Night(night) + ".parquet");

    /// <summary>Where the occupancy recorded with the index of <paramref name="night"/> of <paramref name="survey"/> is kept.</summary>
    public string OccupancyPath(Survey survey, DateOnly night) =>
        Path.Combine(Directory, survey.Name, new Night(night) + ".occupancy");

    /// <inheritdoc/>
    public SkyCoverage? TryGetOccupancy(Survey survey, DatalakeShard night, string stamp)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(night);
        return OccupancyFile.TryRead(OccupancyPath(survey, night.Night), stamp);
    }

    /// <summary>The night's index: from memory, else from disk, else built (and then kept in both).</summary>
    /// <param name="onBuild">Told of a build before it starts, with the builder (whose <see cref="NightIndexBuilder.AlertsRead"/> grows as it reads).</param>
    /// <exception cref="DatalakeException">A file of the night cannot be read, or holds another survey's alerts.</exception>
    /// <exception cref="IOException">The index cannot be written (the directory is read-only or full).</exception>
    public async Task<NightIndex> GetAsync(Survey survey, DatalakeShard night, CancellationToken cancellationToken = default,
        Action<NightIndexBuilder>? onBuild = null)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(night);
        var stamp = NightStamp.Of(night);
        if (Remembered(survey, night, stamp) is { } known) return known;
        return await UnderGateAsync(survey, night, async () =>
        {
            // Another request may have opened or built it while this one waited.
            if (await OpenAsync(survey, night, stamp, cancellationToken).ConfigureAwait(false) is { } index) return index;
            var builder = new NightIndexBuilder();
            onBuild?.Invoke(builder);
            var built = await builder.BuildAsync(survey, night, cancellationToken, Plans).ConfigureAwait(false);
            return await WriteAsync(survey, night, stamp, built, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether everything a job over the night would otherwise make is here for the night's current files: each file's
    /// scan plan (<see cref="Plans"/>), the night's index and its occupancy. Reads a small file per datalake file, nothing of the datalake's.
    /// </summary>
    public async Task<bool> IsPreparedAsync(Survey survey, DatalakeShard night, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(night);
        foreach (var path in night.Files)
            if (!Plans.Holds(path)) return false;
        return TryGetOccupancy(survey, night, NightStamp.Of(night)) is not null
            && await TryGetAsync(survey, night, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>
    /// Makes what a job over the night would otherwise make on its first read, ahead of it: each file's scan plan on
    /// disk (its footer read at most once), the night's index (with its occupancy) when it has none for its current
    /// files, the occupancy alone when only that is missing. Makes nothing that is there.
    /// </summary>
    /// <param name="onBuild">Told of an index build before it starts, as for <see cref="GetAsync"/>.</param>
    /// <exception cref="DatalakeException">A file of the night cannot be read, or holds another survey's alerts.</exception>
    /// <exception cref="IOException">The index cannot be written (the directory is read-only or full).</exception>
    public async Task<NightPreparation> PrepareAsync(Survey survey, DatalakeShard night, CancellationToken cancellationToken = default,
        Action<NightIndexBuilder>? onBuild = null)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(night);
        var plans = 0;
        foreach (var path in night.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (AlertFile.PlanAhead(path, Plans)) plans++;
        }
        var stamp = NightStamp.Of(night);
        if (await TryGetAsync(survey, night, cancellationToken).ConfigureAwait(false) is { } index)
        {
            if (TryGetOccupancy(survey, night, stamp) is not null) return new NightPreparation(plans, false, false, index);
            // An index written before occupancies were recorded beside it (or where that file could not be written).
            var rows = new List<IndexedAlert>(checked((int)index.Header.Indexed));
            index.Read(null, rows);
            var cells = rows.Select(r => r.Cell).ToArray();
            var recorded = OccupancyFile.TryWrite(OccupancyPath(survey, night.Night), stamp, NightOccupancy.FromCells(cells, NightIndexFile.Order));
            return new NightPreparation(plans, false, recorded, index);
        }
        var built = false;
        index = await GetAsync(survey, night, cancellationToken, builder =>
        {
            built = true;
            onBuild?.Invoke(builder);
        }).ConfigureAwait(false);
        return new NightPreparation(plans, built, false, index);
    }

    /// <summary>The night's index when there is one for its current files (in memory or on disk), else null: nothing is built.</summary>
    public async Task<NightIndex?> TryGetAsync(Survey survey, DatalakeShard night, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(night);
        var stamp = NightStamp.Of(night);
        if (Remembered(survey, night, stamp) is { } known) return known;
        return await UnderGateAsync(survey, night, () => OpenAsync(survey, night, stamp, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the index a scan built while it read the night's positions (<paramref name="stamp"/>: the night's files
    /// when the scan started, from <see cref="NightStamp"/>): written to disk and kept in memory.
    /// </summary>
    /// <exception cref="IOException">The index cannot be written (the directory is read-only or full).</exception>
    internal Task<NightIndex> KeepAsync(Survey survey, DatalakeShard night, string stamp, NightIndexBuilder builder, CancellationToken cancellationToken) =>
        UnderGateAsync(survey, night, () => WriteAsync(survey, night, stamp, builder.Finish(), cancellationToken), cancellationToken);

    /// <summary>
    /// The night's index when this store holds it in memory for the night's current files (their paths, sizes and
    /// modification times, looked at now), else null; nothing is opened or built. Unlike the other look-ups it does not
    /// look at the index file: what it answers from memory (<see cref="NightIndex.HoldsNoneInMemory"/>) describes the
    /// night's files whatever became of that file, and a read of the file checks it (<see cref="NightIndexChangedException"/>).
    /// </summary>
    // Run per night of every job: compiled optimized from the first call (see LocalXmatchRunner.AnswerInMemory).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NightIndex? InMemory(Survey survey, DatalakeShard night) =>
        _memory.TryGetValue((survey.Name, night.Night), out var known) && known.Header.Describes(survey, night, NightStamp.Of(night)) ? known : null;

    private NightIndex? Remembered(Survey survey, DatalakeShard night, string stamp) =>
        _memory.TryGetValue((survey.Name, night.Night), out var known) && Usable(known, survey, night, stamp) ? known : null;

    // One build or open per night at a time.
    private async Task<T> UnderGateAsync<T>(Survey survey, DatalakeShard night, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd((survey.Name, night.Night), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    // From memory or disk when it describes the night's current files; kept in memory.
    private async Task<NightIndex?> OpenAsync(Survey survey, DatalakeShard night, string stamp, CancellationToken cancellationToken)
    {
        if (Remembered(survey, night, stamp) is { } known) return known;
        var index = await NightIndexFile.TryOpenAsync(FilePath(survey, night.Night), cancellationToken).ConfigureAwait(false);
        if (index is null || !index.Header.Describes(survey, night, stamp)) return null;
        _memory[(survey.Name, night.Night)] = index;
        return index;
    }

    private async Task<NightIndex> WriteAsync(Survey survey, DatalakeShard night, string stamp,
        (NightIndexColumns Rows, NightIndexCounts Counts) built, CancellationToken cancellationToken)
    {
        var path = FilePath(survey, night.Night);
        var (rows, counts) = built;
        var header = new NightIndexHeader(survey.Name, night.Night, stamp, counts.Alerts, counts.Indexed, night.Files.Select(Path.GetFileName).ToArray()!);
        await NightIndexFile.WriteAsync(path, header, rows, cancellationToken).ConfigureAwait(false);
        // The occupancy from the cells already computed: only a cache, so a directory that takes the index but not this
        // file leaves the sky map to scan the night.
        OccupancyFile.TryWrite(OccupancyPath(survey, night.Night), stamp, NightOccupancy.FromCells(rows.Cell, NightIndexFile.Order));
        Interlocked.Increment(ref _built);
        var index = await NightIndexFile.TryOpenAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"the sky index '{path}' just written cannot be read back");
        _memory[(survey.Name, night.Night)] = index;
        return index;
    }

    /// <summary>
    /// Appends to <paramref name="into"/> the night's index rows whose cell is in <paramref name="cells"/> (every row
    /// when null), opening or building the index as <see cref="GetAsync"/> does; returns the night's index.
    /// <paramref name="opened"/>: the night's index as the caller just got it from this store (then not looked up again).
    /// <paramref name="keep"/>: only the rows whose position (RA, Dec) it keeps (<see cref="NightIndex.Read"/>).
    /// </summary>
    /// <exception cref="DatalakeException">A file of the night cannot be read, or holds another survey's alerts.</exception>
    /// <exception cref="IOException">The index cannot be written or read.</exception>
    public async Task<NightIndex> ReadAsync(Survey survey, DatalakeShard night, CellRanges? cells, List<IndexedAlert> into,
        CancellationToken cancellationToken = default, NightIndex? opened = null, Func<double, double, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        var count = into.Count;
        for (var attempt = 1; ; attempt++)
        {
            var index = attempt == 1 && opened is not null ? opened : await GetAsync(survey, night, cancellationToken).ConfigureAwait(false);
            try
            {
                index.Read(cells, into, keep);
                return index;
            }
            catch (NightIndexChangedException) when (attempt < 3)
            {
                // Another process wrote the night's index again between the check and the read: open the new file.
                into.RemoveRange(count, into.Count - count);
            }
        }
    }

    // Kept in memory: made from the night's current files, and still the file on disk (another process may have rebuilt it).
    private static bool Usable(NightIndex index, Survey survey, DatalakeShard night, string stamp) =>
        index.Header.Describes(survey, night, stamp) && index.IsCurrent();
}
