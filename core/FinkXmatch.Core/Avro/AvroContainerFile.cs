using System.Text;

namespace FinkXmatch.Core.Avro;

/// <summary>One data block of a container file: its record count and its (uncompressed) bytes.</summary>
public readonly record struct AvroContainerBlock(long Count, ReadOnlyMemory<byte> Data);

/// <summary>One record of a container file: the decoded value and its exact encoded bytes.</summary>
public readonly record struct AvroContainerRecord(AvroRecord Value, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// Reads an Avro object container file (magic <c>Obj\x01</c>, metadata map with <c>avro.schema</c> and
/// <c>avro.codec</c>, 16-byte sync marker, then blocks of count + size + data + sync). Only the <c>null</c> codec
/// is supported: this is for reading reference samples, not for production input.
/// </summary>
public sealed class AvroContainerFile
{
    private static ReadOnlySpan<byte> Magic => "Obj\u0001"u8;

    private AvroContainerFile(IReadOnlyDictionary<string, byte[]> metadata, AvroRecordSchema schema,
        string schemaJson, byte[] sync, IReadOnlyList<AvroContainerBlock> blocks)
    {
        Metadata = metadata;
        Schema = schema;
        SchemaJson = schemaJson;
        Sync = sync;
        Blocks = blocks;
    }

    /// <summary>The header metadata (<c>avro.schema</c>, <c>avro.codec</c>, ...).</summary>
    public IReadOnlyDictionary<string, byte[]> Metadata { get; }

    /// <summary>The writer's schema, parsed.</summary>
    public AvroRecordSchema Schema { get; }

    /// <summary>The writer's schema JSON as stored in the header.</summary>
    public string SchemaJson { get; }

    /// <summary>The 16-byte sync marker.</summary>
    public byte[] Sync { get; }

    /// <summary>The data blocks in file order.</summary>
    public IReadOnlyList<AvroContainerBlock> Blocks { get; }

    /// <summary>Reads a whole container file.</summary>
    public static AvroContainerFile Read(string path) => Read(File.ReadAllBytes(path));

    /// <summary>Parses a whole container file held in memory (kept, not copied).</summary>
    /// <exception cref="FormatException">not a container file, or a codec other than null.</exception>
    public static AvroContainerFile Read(byte[] file)
    {
        var reader = new AvroBinaryReader(file);
        if (!reader.ReadFixed(4).SequenceEqual(Magic)) throw new FormatException("not an Avro container file (bad magic)");
        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())
        {
            for (long i = 0; i < count; i++) metadata[reader.ReadString()] = reader.ReadBytesSpan().ToArray();
        }
        var codec = metadata.TryGetValue("avro.codec", out var c) ? Encoding.UTF8.GetString(c) : "null";
        if (codec != "null") throw new FormatException($"Avro codec '{codec}' is not supported (only null)");
        var schemaJson = metadata.TryGetValue("avro.schema", out var s)
            ? Encoding.UTF8.GetString(s)
            : throw new FormatException("Avro container file has no avro.schema");
        var sync = reader.ReadFixed(16).ToArray();

        var blocks = new List<AvroContainerBlock>();
        while (reader.Remaining > 0)
        {
            var objects = reader.ReadLong();
            var size = reader.ReadLong();
            if (objects < 0 || size < 0 || size > reader.Remaining) throw new FormatException("corrupt Avro block header");
            var start = reader.Position;
            reader.ReadFixed((int)size);
            blocks.Add(new AvroContainerBlock(objects, file.AsMemory(start, (int)size)));
            if (!reader.ReadFixed(16).SequenceEqual(sync)) throw new FormatException("Avro block not followed by the sync marker");
        }
        return new AvroContainerFile(metadata, AvroSchemaParser.ParseRecord(schemaJson), schemaJson, sync, blocks);
    }

    /// <summary>Decodes every record with <paramref name="schema"/> (default: the writer's), keeping each one's bytes.</summary>
    public IReadOnlyList<AvroContainerRecord> ReadRecords(AvroRecordSchema? schema = null)
    {
        schema ??= Schema;
        var records = new List<AvroContainerRecord>();
        foreach (var block in Blocks)
        {
            var reader = new AvroBinaryReader(block.Data.Span);
            for (long i = 0; i < block.Count; i++)
            {
                var start = reader.Position;
                var value = (AvroRecord)AvroDecoder.Read(ref reader, schema)!;
                records.Add(new AvroContainerRecord(value, block.Data[start..reader.Position]));
            }
            if (reader.Remaining != 0) throw new FormatException($"{reader.Remaining} bytes left at the end of an Avro block");
        }
        return records;
    }
}
