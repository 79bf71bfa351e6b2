namespace FinkXmatch.Core.Catalogs;

/// <summary>What is wrong with a catalog file. Each kind maps to one actionable message.</summary>
public enum CatalogErrorKind
{
    EmptyFile,
    TruncatedFile,
    WrongFormat,
    UnsupportedFormat,
    MalformedFile,
    MissingColumn,
    DuplicateColumn,
    UnparsableNumber,
    NotANumber,
    RaOutOfRange,
    DecOutOfRange,
    EmptyIdentifier,
    DuplicateIdentifier,
    TooManyRows,
    TooManyColumns,
}
