using FinkXmatch.Core.ParquetFormat;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Datalake;

/// <summary>
/// The alert schema of a datalake file: every addressable field path with its type, resolution of requested paths
/// (with near-miss suggestions) and the Fink packets.
/// </summary>
public sealed class AlertSchema
{
    private readonly Dictionary<string, AlertField> _byPath = new(StringComparer.Ordinal);
    private readonly List<AlertField> _all = [];

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _missingNights;

    private AlertSchema(ParquetSchema parquet, IReadOnlyDictionary<string, IReadOnlyList<string>>? missingNights = null)
    {
        Parquet = parquet;
        _missingNights = missingNights ?? new Dictionary<string, IReadOnlyList<string>>();
        var top = new List<AlertField>();
        foreach (var field in parquet.Fields)
            if (Build(field, null) is { } built) top.Add(built);
        TopLevel = top;
    }

    /// <summary>Top-level columns in file order.</summary>
    public IReadOnlyList<AlertField> TopLevel { get; }

    /// <summary>Every addressable field, depth first in file order.</summary>
    public IReadOnlyList<AlertField> AllFields => _all;

    internal ParquetSchema Parquet { get; }

    /// <summary>Reads the schema of one Parquet file.</summary>
    /// <exception cref="DatalakeException">The file is missing or is not Parquet.</exception>
    public static Task<AlertSchema> ReadAsync(string parquetFile, CancellationToken cancellationToken = default) =>
        FromSchemaBytesAsync(ReadSchemaBytes(parquetFile), parquetFile, cancellationToken);

    /// <summary>The bytes of a file's schema in its footer (<see cref="ParquetSchemaBytes"/>).</summary>
    /// <exception cref="DatalakeException">The file is missing or is not Parquet.</exception>
    internal static byte[] ReadSchemaBytes(string parquetFile)
    {
        try
        {
            using var handle = File.OpenHandle(parquetFile, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ParquetSchemaBytes.Read(handle);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new DatalakeException($"cannot read the schema of '{parquetFile}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The schema that a file's schema bytes (<see cref="ReadSchemaBytes"/>) describe, as Parquet.Net's model: its
    /// reader is given a file image of the schema alone (<see cref="SchemaOnlyParquetFile"/>), not the file, whose
    /// whole footer it would parse first (the row groups' metadata: most of the cost, LSST's the most).
    /// </summary>
    /// <exception cref="DatalakeException">The schema does not parse.</exception>
    internal static async Task<AlertSchema> FromSchemaBytesAsync(byte[] schemaBytes, string parquetFile, CancellationToken cancellationToken)
    {
        GC.KeepAlive(NullableMemoryTypes);
        try
        {
            using var image = new MemoryStream(SchemaOnlyParquetFile.Of(schemaBytes), writable: false);
            await using var reader = await ParquetReader.CreateAsync(image, cancellationToken: cancellationToken).ConfigureAwait(false);
            return FromParquet(reader.Schema);
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException or NotSupportedException or InvalidOperationException)
        {
            throw new DatalakeException($"cannot read the schema of '{parquetFile}': {e.Message}", e);
        }
    }

    // Parquet.Net's DataField makes the Nullable<T> of its CLR type by reflection (MakeGenericType): for strings and
    // bytes, Nullable<ReadOnlyMemory<char>> and Nullable<ReadOnlyMemory<byte>>. Named here, they are compiled into the
    // native executable; otherwise its type loader built them at run time, in every job (docs/performance.md).
    private static readonly Type[] NullableMemoryTypes = [typeof(ReadOnlyMemory<char>?), typeof(ReadOnlyMemory<byte>?)];

    /// <summary>Wraps an already read Parquet schema.</summary>
    public static AlertSchema FromParquet(ParquetSchema schema) => new(schema ?? throw new ArgumentNullException(nameof(schema)));

    /// <summary>
    /// A job's schema over nights written under different schemas (<see cref="AlertSchemaMerge"/>): the union of their
    /// fields, with the nights that lack each field.
    /// </summary>
    internal static AlertSchema Merged(ParquetSchema schema, IReadOnlyDictionary<string, IReadOnlyList<string>> missingNights) =>
        new(schema, missingNights);

    /// <summary>
    /// The nights (YYYY-MM-DD) whose files lack <paramref name="field"/>, where it reads as null; empty for a field every
    /// night has, and for the schema of a single file.
    /// </summary>
    public IReadOnlyList<string> NightsWithout(AlertField field) =>
        _missingNights.TryGetValue((field ?? throw new ArgumentNullException(nameof(field))).Path, out var nights) ? nights : [];

    /// <summary>Finds a field by dotted path (exact, case-sensitive).</summary>
    public bool TryFind(string path, out AlertField field) => _byPath.TryGetValue(path, out field!);

    /// <summary>Finds a field by dotted path.</summary>
    /// <exception cref="DatalakeException">Unknown path; the message suggests near misses.</exception>
    public AlertField Find(string path) => Resolve([path])[0];

    /// <summary>Resolves requested paths, keeping their order and dropping duplicates.</summary>
    /// <exception cref="DatalakeException">Some paths are unknown; the message lists each with near-miss suggestions.</exception>
    public IReadOnlyList<AlertField> Resolve(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var resolved = new List<AlertField>();
        var unknown = new List<string>();
        foreach (var raw in paths)
        {
            var path = raw?.Trim() ?? "";
            if (_byPath.TryGetValue(path, out var field))
            {
                if (!resolved.Contains(field)) resolved.Add(field);
            }
            else
            {
                var near = FieldSuggestions.Nearest(path, _all.Select(f => f.Path));
                unknown.Add(near.Count == 0 ? $"'{path}'" : $"'{path}' (did you mean {string.Join(", ", near)}?)");
            }
        }
        if (unknown.Count > 0)
            throw new DatalakeException($"unknown alert field{(unknown.Count > 1 ? "s" : "")} {string.Join("; ", unknown)}: " +
                                        $"use dotted paths such as {(Survey.Of(this) ?? Survey.Ztf).ExampleField}");
        return resolved;
    }

    // An addressable field is registered under its path (depth first, a parent before its members); the key and value
    // of a map are built for reading only.
    private AlertField? Build(Field field, AlertField? parent, bool addressable = true)
    {
        (AlertFieldKind Kind, AlertValueType Value, AlertValueType Element, IReadOnlyList<Field> Members)? shape = field switch
        {
            DataField data => (AlertFieldKind.Leaf, LeafType(data), AlertValueType.None, []),
            StructField s => (AlertFieldKind.Struct, AlertValueType.None, AlertValueType.None, s.Fields),
            ListField { Item: DataField item } => (AlertFieldKind.List, AlertValueType.None, LeafType(item), []),
            ListField { Item: StructField item } => (AlertFieldKind.List, AlertValueType.None, AlertValueType.None, item.Fields),
            // A map (LSST's lc_features: band -> struct of features) is read and sent whole: Spark addresses its values
            // by key, not by a dotted path, so its key and value are members for the reader but no field paths.
            MapField { Key: DataField key, Value: DataField or StructField } map when LeafType(key) == AlertValueType.String =>
                (AlertFieldKind.Map, AlertValueType.None, map.Value is DataField v ? LeafType(v) : AlertValueType.None, [key, map.Value]),
            // Nested lists and other maps are not addressable (Fink's alerts have none).
            _ => null,
        };
        if (shape is not var (kind, valueType, elementType, members)) return null;
        var node = new AlertField(field.Name, parent, field, kind, valueType, elementType);
        if (addressable) Register(node);
        var membersAddressable = addressable && kind != AlertFieldKind.Map;
        foreach (var member in members)
            if (Build(member, node, membersAddressable) is { } built) node.Add(built);
        return node;
    }

    private void Register(AlertField node)
    {
        _byPath[node.Path] = node;
        _all.Add(node);
    }

    internal static AlertValueType LeafType(DataField field)
    {
        var clr = field.ClrType;
        if (clr == typeof(double)) return AlertValueType.Double;
        if (clr == typeof(float)) return AlertValueType.Float;
        if (clr == typeof(long)) return AlertValueType.Int64;
        if (clr == typeof(int) || clr == typeof(short) || clr == typeof(sbyte) || clr == typeof(byte) || clr == typeof(ushort))
            return AlertValueType.Int32;
        if (clr == typeof(bool)) return AlertValueType.Boolean;
        if (clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>)) return AlertValueType.String;
        if (clr == typeof(byte[]) || clr == typeof(ReadOnlyMemory<byte>)) return AlertValueType.Binary;
        if (clr == typeof(DateTime)) return AlertValueType.Timestamp;
        throw new DatalakeException($"alert column '{field.Path}' has unsupported type {clr.Name}");
    }
}
