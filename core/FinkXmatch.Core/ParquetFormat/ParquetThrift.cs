namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The numbers of Apache parquet-format's <c>parquet.thrift</c> that this code reads or writes: field ids of its
/// structs (one nested class per struct, named as there) and the enum values used. Only the fields the code touches;
/// the others are skipped or copied as they are.
/// </summary>
internal static class ParquetThrift
{
    public static class FileMetaData
    {
        public const short Version = 1, Schema = 2, NumRows = 3, RowGroups = 4, KeyValueMetadata = 5, CreatedBy = 6, ColumnOrders = 7;
    }

    public static class SchemaElement
    {
        public const short Type = 1, RepetitionType = 3, Name = 4, NumChildren = 5, ConvertedType = 6, LogicalType = 10;
    }

    /// <summary>A union: one field set, each an (often empty) struct.</summary>
    public static class LogicalType
    {
        public const short String = 1;
    }

    public static class RowGroup
    {
        public const short Columns = 1, TotalByteSize = 2, NumRows = 3, FileOffset = 5, TotalCompressedSize = 6, Ordinal = 7;
    }

    public static class ColumnChunk
    {
        public const short FilePath = 1, FileOffset = 2, MetaData = 3, OffsetIndexOffset = 4, ColumnIndexOffset = 6;
    }

    public static class ColumnMetaData
    {
        public const short Type = 1, Encodings = 2, PathInSchema = 3, Codec = 4, NumValues = 5, TotalUncompressedSize = 6,
            TotalCompressedSize = 7, DataPageOffset = 9, IndexPageOffset = 10, DictionaryPageOffset = 11, Statistics = 12,
            BloomFilterOffset = 14;
    }

    public static class Statistics
    {
        public const short NullCount = 3, MaxValue = 5, MinValue = 6;
    }

    public static class KeyValue
    {
        public const short Key = 1, Value = 2;
    }

    /// <summary>A union; TYPE_ORDER is an empty <c>TypeDefinedOrder</c> struct.</summary>
    public static class ColumnOrder
    {
        public const short TypeOrder = 1;
    }

    public static class PageHeader
    {
        public const short Type = 1, UncompressedPageSize = 2, CompressedPageSize = 3, DataPageHeader = 5,
            DictionaryPageHeader = 7, DataPageHeaderV2 = 8;
    }

    public static class DataPageHeader
    {
        public const short NumValues = 1, Encoding = 2, DefinitionLevelEncoding = 3, RepetitionLevelEncoding = 4;
    }

    public static class DictionaryPageHeader
    {
        public const short NumValues = 1, Encoding = 2;
    }

    public static class DataPageHeaderV2
    {
        public const short NumValues = 1, Encoding = 4, DefinitionLevelsByteLength = 5, RepetitionLevelsByteLength = 6,
            IsCompressed = 7;
    }

    /// <summary>enum Type: a column's physical type.</summary>
    public static class PhysicalType
    {
        public const int Boolean = 0, Int32 = 1, Int64 = 2, Float = 4, Double = 5, ByteArray = 6;
    }

    /// <summary>enum FieldRepetitionType.</summary>
    public static class Repetition
    {
        public const int Required = 0, Optional = 1, Repeated = 2;
    }

    /// <summary>enum ConvertedType.</summary>
    public static class ConvertedType
    {
        public const int Utf8 = 0;
    }

    /// <summary>enum CompressionCodec.</summary>
    public static class Codec
    {
        public const int Snappy = 1;
    }

    /// <summary>enum Encoding.</summary>
    public static class Encoding
    {
        public const int Plain = 0, PlainDictionary = 2, Rle = 3, RleDictionary = 8;
    }

    /// <summary>enum PageType.</summary>
    public static class PageType
    {
        public const int DataPage = 0, DictionaryPage = 2, DataPageV2 = 3;
    }
}
