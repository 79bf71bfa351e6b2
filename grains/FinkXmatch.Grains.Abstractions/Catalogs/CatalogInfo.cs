namespace FinkXmatch.Grains.Catalogs;

/// <summary>
/// An uploaded catalog as the API shows it (CONTRACT §2 `CatalogInfo`): its shape, the first rows as text and the
/// guessed coordinate columns; <see cref="Separator"/> (an addition to the contract) is what separated the values of
/// a text table (comma, tab, semicolon, pipe or whitespace; null for other formats), and
/// <see cref="InvalidCoordinates"/> (an addition too) how many rows of the guessed RA/Dec columns cannot be used.
/// Serialized as JSON with camelCase names; add members, never rename them.
/// Collections are declared as concrete types (arrays, <see cref="Dictionary{TKey, TValue}"/>) because grain
/// storage serializes state as JSON with type names for interface-typed members, and cannot read back compiler-
/// generated collection types. Never mutated once created.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CatalogInfo(
    [property: Id(0)] string CatalogId,
    [property: Id(1)] string FileName,
    [property: Id(2)] string Format,
    [property: Id(3)] long Rows,
    [property: Id(4)] CatalogColumnInfo[] Columns,
    [property: Id(5)] Dictionary<string, string>[] Preview,
    [property: Id(6)] CatalogGuessInfo Guess,
    [property: Id(7)] CatalogFootprint? Footprint,
    [property: Id(8)] string? Separator = null,
    [property: Id(9)] CatalogInvalidCoordinates? InvalidCoordinates = null);

/// <summary>A column's name as written in the file and its type (`string`, `double`, `int64`, ...).</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogColumnInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Type);

/// <summary>The columns most likely holding RA, Dec and an identifier (null when none looks right).</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogGuessInfo(
    [property: Id(0)] string? RaColumn,
    [property: Id(1)] string? DecColumn,
    [property: Id(2)] string? IdColumn,
    [property: Id(3)] string Coordinates);

/// <summary>How much of the catalog lies in the ZTF footprint, 0..1.</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogFootprint(
    [property: Id(0)] double InsideZtfFraction);

/// <summary>
/// The rows whose guessed RA or Dec is empty, NaN, out of range or unparseable (<see cref="Rows"/>, 0 when none), and
/// the first of them: its 1-based row, column, value and what is wrong. Null in the catalog info when no RA/Dec
/// columns were guessed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CatalogInvalidCoordinates(
    [property: Id(0)] long Rows,
    [property: Id(1)] long? FirstRow,
    [property: Id(2)] string? Column,
    [property: Id(3)] string? Value,
    [property: Id(4)] string? Reason);
