namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The value type of a catalog column as users see it (`CatalogInfo.columns[].type` in the contract).
/// The CSV/TSV reader reads every column as <see cref="String"/> (numbers are parsed when coordinates are read);
/// <see cref="CatalogInspector"/> reports a column whose every value is a number as <see cref="Int64"/> or <see cref="Double"/>.
/// </summary>
public enum CatalogColumnType
{
    String,
    Boolean,
    Int32,
    Int64,
    Float,
    Double,
    Bytes,
    Other,
}

/// <summary>One column of a catalog: its name as written in the file and its type.</summary>
public sealed record CatalogColumn(string Name, CatalogColumnType Type)
{
    /// <summary>The lower-case type name used in the HTTP API (`string`, `double`, ...).</summary>
    public string TypeName => Type.ToString().ToLowerInvariant();

    public bool IsNumeric => Type is CatalogColumnType.Int32 or CatalogColumnType.Int64
        or CatalogColumnType.Float or CatalogColumnType.Double;
}
