using FinkXmatch.Core.Datalake.Raw;
using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;
using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// One open datalake Parquet file: projected position scans per row group, and late materialization of requested
/// fields for chosen rows of a row group. Opening reads only the file's <see cref="ScanPlan"/> (where the position and
/// identifier chunks are), kept per file by <see cref="ScanPlanCache"/> (and on disk by <see cref="ScanPlanStore"/>, when
/// the caller passes one) so that a file opened again parses no footer;
/// the whole footer (<see cref="ParquetFooter"/>) is read on first need of another column, and Parquet.Net's reader
/// for a column the direct flat-chunk path declines (nested fields, other codecs or encodings). Not thread-safe: one
/// scan at a time per instance.
/// </summary>
public sealed class AlertFile : IAsyncDisposable
{
    private readonly RawColumnSource _raw;
    private readonly string _raKey;
    private readonly string _decKey;
    private ParquetReader? _reader;
    private AlertSchema? _schema;
    private readonly Dictionary<AlertField, OwnField> _ownFields = [];

    private AlertFile(string path, SafeFileHandle handle, ScanPlan plan)
    {
        Path = path;
        _raw = new RawColumnSource(handle, plan);
        Survey = plan.Survey;
        _raKey = plan.Ra.Leaf.Path;
        _decKey = plan.Dec.Leaf.Path;
        RowGroupRows = plan.RowGroupRows;
        RowCount = plan.RowGroupRows.Sum(r => (long)r);
    }

    /// <summary>Path of the file.</summary>
    public string Path { get; }

    /// <summary>The survey whose alerts the file holds, told by where its schema has the alert position.</summary>
    public Survey Survey { get; }

    /// <summary>Number of row groups.</summary>
    public int RowGroupCount => RowGroupRows.Count;

    /// <summary>Rows per row group, from the file's metadata.</summary>
    public IReadOnlyList<int> RowGroupRows { get; }

    /// <summary>Rows in the file, from its metadata.</summary>
    public long RowCount { get; }

    /// <summary>Opens a datalake file and checks it has the columns a scan needs.</summary>
    /// <exception cref="DatalakeException">Missing or unreadable file, or not an alert file.</exception>
    public static Task<AlertFile> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, ScanPlanCache.Shared, cancellationToken);

    /// <summary>
    /// Opens a datalake file with its plan kept in memory, else kept in <paramref name="plansOnDisk"/> (where a plan read
    /// from the footer is then written): the footer is parsed only on a file's very first scan.
    /// </summary>
    /// <exception cref="DatalakeException">Missing or unreadable file, or not an alert file.</exception>
    public static Task<AlertFile> OpenAsync(string path, ScanPlanStore? plansOnDisk, CancellationToken cancellationToken = default) =>
        OpenAsync(path, ScanPlanCache.Shared, cancellationToken, plansOnDisk);

    /// <summary>Opens a datalake file with its plan from <paramref name="plans"/> (and <paramref name="disk"/>), or read afresh when null.</summary>
    internal static Task<AlertFile> OpenAsync(string path, ScanPlanCache? plans, CancellationToken cancellationToken = default, ScanPlanStore? disk = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var plan = plans is null ? ReadPlan(handle, FileStamp.Of(handle)) : plans.Get(path, handle, ReadPlan, disk);
            return Task.FromResult(new AlertFile(path, handle, plan));
        }
        catch (Exception e) when (e is not (OperationCanceledException or DatalakeException))
        {
            // Whatever a damaged file makes the reader throw, the message names the file.
            handle?.Dispose();
            throw CannotOpen(path, e);
        }
        catch
        {
            handle?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes sure <paramref name="plansOnDisk"/> keeps the scan plan of the file as it is now, ahead of the jobs that will
    /// open it: false when it already did; else the plan is taken from the process's memory or read from the footer, and
    /// written there (a directory that cannot be written keeps nothing, as for a scan).
    /// </summary>
    /// <exception cref="DatalakeException">Missing or unreadable file, or not an alert file.</exception>
    public static bool PlanAhead(string path, ScanPlanStore plansOnDisk)
    {
        ArgumentNullException.ThrowIfNull(plansOnDisk);
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var stamp = FileStamp.Of(handle);
            if (plansOnDisk.Holds(path, stamp)) return false;
            plansOnDisk.Keep(path, ScanPlanCache.Shared.Get(path, handle, ReadPlan));
            return true;
        }
        catch (Exception e) when (e is not DatalakeException)
        {
            throw CannotOpen(path, e);
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>The file's alert schema (the first call opens Parquet.Net's reader).</summary>
    public async ValueTask<AlertSchema> GetSchemaAsync(CancellationToken cancellationToken = default) =>
        _schema ??= AlertSchema.FromParquet((await ParquetNetAsync(cancellationToken).ConfigureAwait(false)).Schema);

    /// <summary>
    /// Reads the alert positions (<c>candidate.ra/dec</c>, <c>diaSource.ra/dec</c>) and the <paramref name="columns"/>
    /// extras of one row group into <paramref name="batch"/>, reusing its buffers. No other column is read.
    /// </summary>
    /// <exception cref="DatalakeException">The row group cannot be read (a damaged or truncated file); names the file.</exception>
    public async ValueTask ReadPositionsAsync(int rowGroup, PositionBatch batch, ScanColumns columns = ScanColumns.Positions,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await ReadPositionsCoreAsync(rowGroup, batch, columns, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!IsCallerError(e))
        {
            throw Unreadable(rowGroup, e);
        }
    }

    private async ValueTask ReadPositionsCoreAsync(int rowGroup, PositionBatch batch, ScanColumns columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = RowGroupRows[rowGroup];
        batch.Reset(Path, rowGroup, rows, columns);
        // Straight from the page when it is one plain page without nulls (the common case), else into the rows.
        if (!_raw.TryReadPlainDoubles(rowGroup, _raKey, rows, ref batch.RaBytes, out batch.RaStart)
            && !_raw.TryReadDoubles(rowGroup, _raKey, batch.RaBuffer.AsSpan(0, rows), double.NaN))
            await ReadFlatAsync(rowGroup, Survey.RaPath, batch.RaBuffer, batch.Levels, rows, double.NaN, cancellationToken).ConfigureAwait(false);
        if (!_raw.TryReadPlainDoubles(rowGroup, _decKey, rows, ref batch.DecBytes, out batch.DecStart)
            && !_raw.TryReadDoubles(rowGroup, _decKey, batch.DecBuffer.AsSpan(0, rows), double.NaN))
            await ReadFlatAsync(rowGroup, Survey.DecPath, batch.DecBuffer, batch.Levels, rows, double.NaN, cancellationToken).ConfigureAwait(false);
        if ((columns & ScanColumns.Candid) != 0)
            await ReadFlatAsync(rowGroup, Survey.AlertId.Path, batch.CandidBuffer, batch.Levels, rows, 0L, cancellationToken).ConfigureAwait(false);
        if ((columns & ScanColumns.ObjectId) == 0) return;
        if (Survey.ObjectId.Type == AlertValueType.String)
        {
            var group = (await ParquetNetAsync(cancellationToken).ConfigureAwait(false)).RowGroups[rowGroup];
            await group.ReadAsync(await LeafAsync(Survey.ObjectId.Path, cancellationToken).ConfigureAwait(false), batch.ObjectIdBuffer.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
            return;
        }
        // A numeric object id (LSST's diaObjectId) is handed out as its decimal text, the same key as ZTF's.
        var ids = new long[rows];
        await ReadFlatAsync(rowGroup, Survey.ObjectId.Path, ids, batch.Levels, rows, long.MinValue, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < rows; i++)
            batch.ObjectIdBuffer[i] = ids[i] == long.MinValue ? null : ids[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Late materialization: reads <paramref name="fields"/> of row group <paramref name="rowGroup"/> (each column once)
    /// and returns their values for <paramref name="rows"/> (indices within the row group, ascending). The fields may
    /// come from another schema, such as a job's merged one (<see cref="JobAlertSchema"/>): each is read as this file
    /// has it and given back in the requested shape; a field (or struct member) this file lacks is null.
    /// </summary>
    /// <exception cref="DatalakeException">The row group cannot be read (a damaged or truncated file), or the file gives a
    /// field another type than the requested one; names the file.</exception>
    public async Task<MaterializedRows> ReadRowsAsync(int rowGroup, IReadOnlyList<int> rows, IReadOnlyList<AlertField> fields,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        try
        {
            var own = new OwnField[fields.Count];
            for (var i = 0; i < own.Length; i++) own[i] = await OwnFieldAsync(fields[i], cancellationToken).ConfigureAwait(false);
            var read = await RowMaterializer.ReadAsync(_raw, rowGroup, async ct => (await ParquetNetAsync(ct).ConfigureAwait(false)).RowGroups[rowGroup],
                RowGroupRows[rowGroup], rows, own.Where(o => o.Field is not null).Select(o => o.Field!).ToArray(), cancellationToken).ConfigureAwait(false);
            var values = new List<FieldValues>(fields.Count);
            var next = 0;
            for (var i = 0; i < own.Length; i++)
            {
                if (own[i].Field is null)
                {
                    values.Add(new FieldValues(fields[i], new object?[rows.Count]));
                    continue;
                }
                var fieldValues = read.Fields[next++].Values;
                values.Add(new FieldValues(fields[i], own[i].Convert is { } convert ? fieldValues.Select(convert).ToArray() : fieldValues));
            }
            return new MaterializedRows(read.Rows, values);
        }
        catch (Exception e) when (!IsCallerError(e))
        {
            throw Unreadable(rowGroup, e);
        }
    }

    /// <summary>A requested field as this file has it (null when it lacks it), and what reshapes its values if they differ.</summary>
    private readonly record struct OwnField(AlertField? Field, Func<object?, object?>? Convert);

    private async ValueTask<OwnField> OwnFieldAsync(AlertField field, CancellationToken cancellationToken)
    {
        if (_ownFields.TryGetValue(field, out var known)) return known;
        var schema = await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        var own = !schema.TryFind(field.Path, out var mine) ? new OwnField(null, null)
            : ReferenceEquals(mine, field) ? new OwnField(field, null)
            : new OwnField(mine, GenerationShape.Converter(field, mine, Path));
        _ownFields[field] = own;
        return own;
    }

    /// <summary>
    /// Late materialization of one leaf field whose column the direct reader can take: its values for
    /// <paramref name="rows"/> as a typed array or text as UTF-8 (see <see cref="RawColumnSource.TrySelectColumn"/>), no value boxed.
    /// Null for any other field, or when the chunk needs Parquet.Net: <see cref="ReadRowsAsync"/> reads those (and
    /// reports a damaged chunk).
    /// </summary>
    /// <exception cref="DatalakeException">The file cannot be read (deleted or cut short meanwhile); names the file.</exception>
    internal object? TryReadColumn(int rowGroup, IReadOnlyList<int> rows, AlertField field)
    {
        if (DirectLeaf(field) is not { } leaf) return null;
        try
        {
            return _raw.TrySelectColumn(rowGroup, leaf, RowGroupRows[rowGroup], rows);
        }
        catch (Exception e) when (!IsCallerError(e))
        {
            throw Unreadable(rowGroup, e);
        }
    }

    /// <summary>
    /// <see cref="TryReadColumn"/> of two fields at once: when both are flat columns the direct reader takes, their
    /// pages are decompressed together (<see cref="RawColumnSource.TrySelectColumns"/>); the same columns either way.
    /// </summary>
    /// <exception cref="DatalakeException">The file cannot be read (deleted or cut short meanwhile); names the file.</exception>
    internal (object? A, object? B) TryReadColumns(int rowGroup, IReadOnlyList<int> rows, AlertField a, AlertField b) =>
        TryReadColumns(rowGroup, rows, a, rowGroup, rows, b);

    /// <summary>
    /// The same for field <paramref name="a"/> of rows <paramref name="rowsA"/> of row group <paramref name="rowGroupA"/>
    /// and field <paramref name="b"/> of rows <paramref name="rowsB"/> of row group <paramref name="rowGroupB"/> (one
    /// field of two row groups: <see cref="RawColumnSource.TrySelectColumns(ChosenRows, DataField, ChosenRows, DataField)"/>).
    /// </summary>
    /// <exception cref="DatalakeException">The file cannot be read (deleted or cut short meanwhile); names the file.</exception>
    internal (object? A, object? B) TryReadColumns(int rowGroupA, IReadOnlyList<int> rowsA, AlertField a, int rowGroupB, IReadOnlyList<int> rowsB, AlertField b) =>
        TryReadColumns(this, rowGroupA, rowsA, a, this, rowGroupB, rowsB, b);

    /// <summary>
    /// The same for a row group of file <paramref name="fileA"/> and one of file <paramref name="fileB"/>, which may be
    /// another file (<see cref="RawColumnSource.TrySelectColumns(RawColumnSource, ChosenRows, DataField, RawColumnSource, ChosenRows, DataField)"/>).
    /// </summary>
    /// <exception cref="DatalakeException">A file cannot be read (deleted or cut short meanwhile); names the files.</exception>
    internal static (object? A, object? B) TryReadColumns(AlertFile fileA, int rowGroupA, IReadOnlyList<int> rowsA, AlertField a,
        AlertFile fileB, int rowGroupB, IReadOnlyList<int> rowsB, AlertField b)
    {
        if (DirectLeaf(a) is not { } leafA || DirectLeaf(b) is not { } leafB)
            return (fileA.TryReadColumn(rowGroupA, rowsA, a), fileB.TryReadColumn(rowGroupB, rowsB, b));
        try
        {
            return RawColumnSource.TrySelectColumns(fileA._raw, new ChosenRows(rowGroupA, fileA.RowGroupRows[rowGroupA], rowsA), leafA,
                fileB._raw, new ChosenRows(rowGroupB, fileB.RowGroupRows[rowGroupB], rowsB), leafB);
        }
        catch (Exception e) when (!IsCallerError(e))
        {
            throw ReferenceEquals(fileA, fileB)
                ? rowGroupA == rowGroupB ? fileA.Unreadable(rowGroupA, e)
                    : new DatalakeException($"cannot read datalake file '{fileA.Path}' (row group {rowGroupA} or {rowGroupB}): {e.Message}", e)
                : new DatalakeException($"cannot read datalake file '{fileA.Path}' (row group {rowGroupA}) or '{fileB.Path}' (row group {rowGroupB}): {e.Message}", e);
        }
    }

    // A leaf field that the direct reader may take (it declines the rest itself).
    private static DataField? DirectLeaf(AlertField field) =>
        field.Kind == AlertFieldKind.Leaf && field.ParquetField is DataField leaf && leaf.ClrType != typeof(DateTime) ? leaf : null;

    // A cancel, arguments the caller got wrong (they name the parameter), or a failure already naming the file.
    private static bool IsCallerError(Exception e) =>
        e is OperationCanceledException or DatalakeException
            or ArgumentException { ParamName: "rowGroup" or "rows" or "fields" or "batch" or "columns" };

    // A vanished file's own message repeats the path; say what happened instead.
    private static DatalakeException CannotOpen(string path, Exception e) => e is FileNotFoundException or DirectoryNotFoundException
        ? new($"cannot open datalake file '{path}': it no longer exists (deleted or moved while the datalake was in use)", e)
        : new($"cannot open datalake file '{path}': {e.Message}", e);

    private DatalakeException Unreadable(int rowGroup, Exception e) =>
        new($"cannot read datalake file '{Path}' (row group {rowGroup}): {e.Message}", e);

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _raw.Dispose();
        return _reader?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private async ValueTask<ParquetReader> ParquetNetAsync(CancellationToken cancellationToken)
    {
        if (_reader is not null) return _reader;
        try
        {
            return _reader = await ParquetReader.CreateAsync(Path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw CannotOpen(Path, e);
        }
    }

    private async ValueTask<DataField> LeafAsync(string path, CancellationToken cancellationToken)
    {
        var schema = await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return (DataField)schema.Find(path).ParquetField;
    }

    private async ValueTask ReadFlatAsync<T>(int rowGroup, string path, T[] values, int[] levels, int rows, T whenNull,
        CancellationToken cancellationToken) where T : struct
    {
        var group = (await ParquetNetAsync(cancellationToken).ConfigureAwait(false)).RowGroups[rowGroup];
        var field = await LeafAsync(path, cancellationToken).ConfigureAwait(false);
        if (field.MaxDefinitionLevel == 0)
        {
            await group.ReadRawAsync<T>(field, values.AsMemory(0, rows), null, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        await group.ReadRawAsync<T>(field, values.AsMemory(0, rows), levels.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
        SpreadNulls(values.AsSpan(0, rows), levels.AsSpan(0, rows), field.MaxDefinitionLevel, whenNull);
    }

    /// <summary>Raw reads pack the non-null values first; move them to their rows and fill the null rows.</summary>
    private static void SpreadNulls<T>(Span<T> values, ReadOnlySpan<int> levels, int defined, T whenNull)
    {
        if (levels.IndexOfAnyExcept(defined) < 0) return; // no null: the common case, one vectorized pass
        var dense = 0;
        foreach (var level in levels)
            if (level == defined) dense++;
        for (var row = values.Length - 1; row >= 0; row--)
            values[row] = levels[row] == defined ? values[--dense] : whenNull;
    }

    private static ScanPlan ReadPlan(SafeFileHandle handle, FileStamp stamp) => ScanPlan.Read(handle, stamp, CheckColumns);

    // The survey is told by the position columns; then every column a scan and a result row need must be there.
    private static Survey CheckColumns(ParquetFooter footer)
    {
        var survey = Survey.Of(footer) ?? throw new DatalakeException(
            $"not a Fink alert file: it holds no alert position ({Survey.PositionColumns})");
        (string Path, AlertValueType Type)[] required =
            [(survey.RaPath, AlertValueType.Double), (survey.DecPath, AlertValueType.Double),
             (survey.AlertId.Path, survey.AlertId.Type), (survey.ObjectId.Path, survey.ObjectId.Type)];
        foreach (var (path, type) in required)
        {
            var physical = type switch
            {
                AlertValueType.Int64 => Parquet.Meta.Type.INT64,
                AlertValueType.String => Parquet.Meta.Type.BYTE_ARRAY,
                _ => Parquet.Meta.Type.DOUBLE,
            };
            var leaf = footer.LeafIndex(Survey.Key(path));
            if (leaf < 0 || footer.Leaves[leaf].Type != physical || footer.Leaves[leaf].MaxRepetitionLevel != 0)
                throw new DatalakeException($"not a Fink {survey.Name.ToUpperInvariant()} alert file: column '{path}' ({AlertField.SparkName(type)}) is missing");
        }
        return survey;
    }
}
