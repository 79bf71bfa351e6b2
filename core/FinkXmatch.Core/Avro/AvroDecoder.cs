namespace FinkXmatch.Core.Avro;

/// <summary>
/// Decodes schemaless Avro binary (a Kafka value, one record of a container block) into the generic value tree
/// described on <see cref="AvroRecord"/>.
/// </summary>
public static class AvroDecoder
{
    /// <summary>Decodes one value that must take all of <paramref name="data"/>.</summary>
    /// <exception cref="FormatException">the bytes do not match the schema.</exception>
    public static object? Decode(AvroSchema schema, ReadOnlySpan<byte> data)
    {
        var reader = new AvroBinaryReader(data);
        var value = Read(ref reader, schema);
        return reader.Remaining == 0
            ? value
            : throw new FormatException($"{reader.Remaining} bytes left after the Avro value");
    }

    /// <summary>Decodes a record that must take all of <paramref name="data"/>.</summary>
    public static AvroRecord DecodeRecord(AvroRecordSchema schema, ReadOnlySpan<byte> data) => (AvroRecord)Decode(schema, data)!;

    /// <summary>Reads one value at the reader's position.</summary>
    public static object? Read(ref AvroBinaryReader reader, AvroSchema schema)
    {
        switch (schema.Type)
        {
            case AvroType.Null: return null;
            case AvroType.Boolean: return reader.ReadBoolean();
            case AvroType.Int: return reader.ReadInt();
            case AvroType.Long: return reader.ReadLong();
            case AvroType.Float: return reader.ReadFloat();
            case AvroType.Double: return reader.ReadDouble();
            case AvroType.Bytes: return reader.ReadBytesSpan().ToArray();
            case AvroType.String: return reader.ReadString();
            case AvroType.Record: return ReadRecord(ref reader, (AvroRecordSchema)schema);
            case AvroType.Union:
                var branches = ((AvroUnionSchema)schema).BranchArray;
                var index = reader.ReadLong();
                return index >= 0 && index < branches.Length
                    ? Read(ref reader, branches[index])
                    : throw new FormatException($"Avro union index {index} outside [0, {branches.Length})");
            case AvroType.Array: return ReadArray(ref reader, ((AvroArraySchema)schema).Items);
            case AvroType.Map: return ReadMap(ref reader, ((AvroMapSchema)schema).Values);
            default: throw new NotSupportedException($"Avro type {schema.Type}");
        }
    }

    private static AvroRecord ReadRecord(ref AvroBinaryReader reader, AvroRecordSchema schema)
    {
        var fields = schema.FieldArray;
        var values = new object?[fields.Length];
        for (var i = 0; i < fields.Length; i++) values[i] = Read(ref reader, fields[i].Schema);
        return new AvroRecord(schema, values);
    }

    private static List<object?> ReadArray(ref AvroBinaryReader reader, AvroSchema items)
    {
        var list = new List<object?>();
        for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())
        {
            CheckCount(count, reader.Remaining, items);
            list.EnsureCapacity(list.Count + (int)count);
            for (long i = 0; i < count; i++) list.Add(Read(ref reader, items));
        }
        return list;
    }

    private static List<KeyValuePair<string, object?>> ReadMap(ref AvroBinaryReader reader, AvroSchema values)
    {
        var map = new List<KeyValuePair<string, object?>>();
        for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())
        {
            // Each map entry takes at least its key length byte.
            CheckCount(count, reader.Remaining, AvroSchema.String);
            for (long i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                map.Add(new(key, Read(ref reader, values)));
            }
        }
        return map;
    }

    // Guards against a corrupt count making us allocate gigabytes: items of non-empty types take >= 1 byte.
    private static void CheckCount(long count, int remaining, AvroSchema items)
    {
        var empty = items.Type == AvroType.Null || items is AvroRecordSchema { Fields.Count: 0 };
        if (!empty && count > remaining)
            throw new FormatException($"Avro block of {count} items in {remaining} bytes");
    }
}
