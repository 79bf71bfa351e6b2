using System.Collections;
using Parquet.Serialization;

namespace FinkXmatch.Core.Tests.Datalake;

/// <summary>
/// Independent reference: every row of a file read whole with Parquet.Net's high-level untyped deserializer
/// (which leaves null members out of its dictionaries).
/// </summary>
internal static class ReferenceRows
{
    private static readonly Dictionary<string, IList<Dictionary<string, object>>> Cache = [];

    public static IList<Dictionary<string, object>> Read(string file)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(file, out var rows)) return rows;
            using var stream = File.OpenRead(file);
            rows = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult().Data;
            Cache[file] = rows;
            return rows;
        }
    }

    /// <summary>Value at a dotted path; through a list it becomes the list of the members' values.</summary>
    public static object? At(object? node, string path)
    {
        var dot = path.IndexOf('.');
        var name = dot < 0 ? path : path[..dot];
        var rest = dot < 0 ? null : path[(dot + 1)..];
        if (node is IList list && node is not byte[]) return list.Cast<object?>().Select(e => At(e, path)).ToList();
        if (node is null) return null;
        var member = Member(node, name);
        return rest is null ? member : At(member, rest);
    }

    public static object? Member(object record, string name)
    {
        var map = (IEnumerable)record;
        foreach (var item in map)
        {
            var type = item.GetType();
            if ((string)type.GetProperty("Key")!.GetValue(item)! == name) return type.GetProperty("Value")!.GetValue(item);
        }
        return null;
    }
}
