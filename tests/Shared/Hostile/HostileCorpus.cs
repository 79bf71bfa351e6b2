using System.IO.Compression;
using System.Text;

namespace FinkXmatch.Tests.Hostile;

/// <summary>
/// The hostile-input corpus (issue 9): bad catalog files made in code from real valid ones (<see cref="ValidCatalogs"/>)
/// by truncating, flipping, forging sizes, renaming, re-encoding. Run against the HTTP API and the CLI, each must be
/// refused with a message naming its problem. Built once; every case has a stable name.
/// </summary>
internal static partial class HostileCorpus
{
    /// <summary>The silo the HTTP corpus runs against accepts at most this many bytes per upload...</summary>
    public const long MaxUploadBytes = 8 << 20;

    /// <summary>... and this many rows per catalog (the CLI has the default 10 million).</summary>
    public const long MaxCatalogRows = 20_000;

    private static readonly Lazy<IReadOnlyDictionary<string, HostileFile>> All = new(Build);

    public static IReadOnlyDictionary<string, HostileFile> Files => All.Value;

    public static IEnumerable<string> Names(HostileTargets target) =>
        Files.Values.Where(f => f.Targets.HasFlag(target)).Select(f => f.Name);

    private static Dictionary<string, HostileFile> Build()
    {
        var valid = ValidCatalogs.Instance;
        var cases = new List<HostileFile>();
        cases.AddRange(Csv(valid));
        cases.AddRange(Coordinates(valid));
        cases.AddRange(Parquet(valid));
        cases.AddRange(VOTable(valid));
        cases.AddRange(Fits(valid));
        cases.AddRange(WrongContent(valid));
        var byName = new Dictionary<string, HostileFile>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            if (!byName.TryAdd(c.Name, c)) throw new InvalidOperationException($"two corpus cases are named '{c.Name}'");
        }
        return byName;
    }

    private static HostileFile Upload(string name, string fileName, byte[] content, params string[] mentions) =>
        new(name, fileName, content, HostileStage.Upload, mentions);

    private static HostileFile Values(string name, string fileName, byte[] content, HostileColumns columns, params string[] mentions) =>
        new(name, fileName, content, HostileStage.Xmatch, mentions, Columns: columns);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static byte[] Cut(byte[] bytes, double fraction) => bytes[..(int)(bytes.Length * fraction)];

    /// <summary>Replaces the first occurrence of <paramref name="find"/> (which must be there).</summary>
    private static string Replace(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"'{find}' is not in the valid file");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }

    private static byte[] Replace(byte[] bytes, string find, string replacement) => Utf8(Replace(Text(bytes), find, replacement));

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    private static byte[] Zip(byte[] bytes, string entry)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create))
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(bytes);
        }
        return output.ToArray();
    }

    private static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Flips one bit in each of <paramref name="count"/> bytes picked with <paramref name="seed"/> in [from, to).</summary>
    private static byte[] Flip(byte[] bytes, int seed, int count, int from, int to)
    {
        var copy = (byte[])bytes.Clone();
        var random = new Random(seed);
        for (var i = 0; i < count; i++) copy[random.Next(from, to)] ^= (byte)(1 << random.Next(8));
        return copy;
    }
}
