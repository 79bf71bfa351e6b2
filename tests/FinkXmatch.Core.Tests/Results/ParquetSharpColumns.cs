using ParquetSharp;

namespace FinkXmatch.Core.Tests.Results;

/// <summary>Whole columns of a Parquet file by dotted path, read with Apache Parquet C++ (ParquetSharp).</summary>
internal static class ParquetSharpColumns
{
    /// <summary>
    /// Values of the leaf column <paramref name="path"/> over every row group. Structs are flattened (a null parent
    /// reads as null); a leaf inside a list reads as one array per row.
    /// </summary>
    public static T[] Read<T>(string file, string path)
    {
        using var reader = new ParquetFileReader(file);
        var schema = reader.FileMetaData.Schema;
        var column = Enumerable.Range(0, schema.NumColumns).Single(i => schema.Column(i).Path.ToDotString() == path);
        var values = new List<T>();
        for (var g = 0; g < reader.FileMetaData.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            using var logical = group.Column(column).LogicalReader<T>();
            values.AddRange(logical.ReadAll(checked((int)group.MetaData.NumRows)));
        }
        return [.. values];
    }

    /// <summary>The leaf columns' dotted paths, in file order.</summary>
    public static string[] Names(string file)
    {
        using var reader = new ParquetFileReader(file);
        var schema = reader.FileMetaData.Schema;
        return Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Path.ToDotString()).ToArray();
    }

    /// <summary>Concatenation of <see cref="Read{T}"/> over several files (a datalake night).</summary>
    public static T[] ReadAll<T>(IEnumerable<string> files, string path) => files.SelectMany(f => Read<T>(f, path)).ToArray();
}
