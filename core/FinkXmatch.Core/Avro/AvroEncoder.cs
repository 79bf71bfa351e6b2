using System.Buffers;
using System.Collections;

namespace FinkXmatch.Core.Avro;

/// <summary>
/// Encodes a generic value tree (see <see cref="AvroRecord"/>) as schemaless Avro binary, arrays and maps as one
/// block then a 0 terminator (Java Avro / Spark / fastavro layout). A record value may also be an object?[] of field
/// values in field order; strings may be <see cref="ReadOnlyMemory{T}"/> of char and bytes
/// <see cref="ReadOnlyMemory{T}"/> of byte (what Parquet.Net 6 yields). Nothing is allocated beyond the output for the value kinds the decoder produces.
/// </summary>
public static class AvroEncoder
{
    /// <summary>Encodes <paramref name="value"/> into a new array.</summary>
    public static byte[] Encode(AvroSchema schema, object? value)
    {
        var output = new ArrayBufferWriter<byte>(256);
        Write(output, schema, value);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Appends the encoding of <paramref name="value"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">the value does not fit the schema.</exception>
    public static void Write(IBufferWriter<byte> output, AvroSchema schema, object? value)
    {
        switch (schema.Type)
        {
            case AvroType.Null:
                if (value is not null) throw Mismatch(schema, value);
                break;
            case AvroType.Boolean:
                AvroBinaryWriter.WriteBoolean(output, value is bool b ? b : throw Mismatch(schema, value));
                break;
            case AvroType.Int:
                AvroBinaryWriter.WriteLong(output, Integer(schema, value, wide: false));
                break;
            case AvroType.Long:
                AvroBinaryWriter.WriteLong(output, Integer(schema, value, wide: true));
                break;
            case AvroType.Float:
                AvroBinaryWriter.WriteFloat(output, value is float f ? f : throw Mismatch(schema, value));
                break;
            case AvroType.Double:
                AvroBinaryWriter.WriteDouble(output, value switch
                {
                    double d => d,
                    float f32 => f32,
                    _ => throw Mismatch(schema, value),
                });
                break;
            case AvroType.Bytes:
                WriteBytes(output, schema, value);
                break;
            case AvroType.String:
                AvroBinaryWriter.WriteString(output, value switch
                {
                    string text => text,
                    ReadOnlyMemory<char> chars => chars.Span,
                    _ => throw Mismatch(schema, value),
                });
                break;
            case AvroType.Record:
                WriteRecord(output, (AvroRecordSchema)schema, value);
                break;
            case AvroType.Union:
                var union = (AvroUnionSchema)schema;
                var index = SelectBranch(union, value);
                AvroBinaryWriter.WriteUnionIndex(output, index);
                Write(output, union.BranchArray[index], value);
                break;
            case AvroType.Array:
                WriteArray(output, ((AvroArraySchema)schema).Items, value);
                break;
            case AvroType.Map:
                WriteMap(output, (AvroMapSchema)schema, value);
                break;
            default:
                throw new NotSupportedException($"Avro type {schema.Type}");
        }
    }

    /// <summary>The union branch a value is written with: null goes to "null", else the first branch that fits.</summary>
    public static int SelectBranch(AvroUnionSchema union, object? value)
    {
        if (value is null)
            return union.NullIndex >= 0 ? union.NullIndex : throw Mismatch(union, value);
        if (union.SingleValueIndex >= 0) return union.SingleValueIndex;
        var branches = union.BranchArray;
        for (var i = 0; i < branches.Length; i++)
        {
            if (Fits(branches[i], value)) return i;
        }
        throw Mismatch(union, value);
    }

    private static bool Fits(AvroSchema schema, object value) => schema.Type switch
    {
        AvroType.Boolean => value is bool,
        AvroType.Int => value is int or short or byte or sbyte or ushort,
        AvroType.Long => value is long or int or uint or short or byte or sbyte or ushort,
        AvroType.Float => value is float,
        AvroType.Double => value is double or float,
        AvroType.Bytes => value is byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte>,
        AvroType.String => value is string or ReadOnlyMemory<char>,
        AvroType.Record => value is object?[] || (value is AvroRecord r && r.Schema.FullName == ((AvroRecordSchema)schema).FullName),
        AvroType.Array => value is IList and not byte[],
        AvroType.Map => value is IEnumerable<KeyValuePair<string, object?>>,
        _ => false,
    };

    /// <summary>An integer value as a long; a long or a uint fits only a "long" (<paramref name="wide"/>).</summary>
    private static long Integer(AvroSchema schema, object? value, bool wide) => value switch
    {
        int i => i,
        short s => s,
        byte u8 => u8,
        sbyte s8 => s8,
        ushort u16 => u16,
        long l when wide => l,
        uint u when wide => u,
        _ => throw Mismatch(schema, value),
    };

    private static void WriteBytes(IBufferWriter<byte> output, AvroSchema schema, object? value)
    {
        switch (value)
        {
            case byte[] array: AvroBinaryWriter.WriteBytes(output, array); break;
            case ReadOnlyMemory<byte> rom: AvroBinaryWriter.WriteBytes(output, rom.Span); break;
            case Memory<byte> mem: AvroBinaryWriter.WriteBytes(output, mem.Span); break;
            case ArraySegment<byte> seg: AvroBinaryWriter.WriteBytes(output, seg); break;
            default: throw Mismatch(schema, value);
        }
    }

    private static void WriteRecord(IBufferWriter<byte> output, AvroRecordSchema schema, object? value)
    {
        var fields = schema.FieldArray;
        if (value is null)
        {
            // Fink writes structs as plain records, yet its alerts hold null structs (lc_features_g in 2025 nights):
            // the one encoding such a schema allows is the record of nulls (a non-nullable member still refuses it).
            foreach (var field in fields) Write(output, field.Schema, null);
            return;
        }
        var values = value switch
        {
            AvroRecord record => record.Values,
            object?[] row => row,
            _ => throw Mismatch(schema, value),
        };
        if (values.Length != fields.Length)
            throw new ArgumentException($"record {schema.FullName} has {fields.Length} fields, the value has {values.Length}");
        for (var i = 0; i < fields.Length; i++) Write(output, fields[i].Schema, values[i]);
    }

    private static void WriteArray(IBufferWriter<byte> output, AvroSchema items, object? value)
    {
        switch (value)
        {
            case List<object?> list:
                if (list.Count > 0)
                {
                    AvroBinaryWriter.WriteBlockStart(output, list.Count);
                    foreach (var item in list) Write(output, items, item);
                }
                break;
            case IList list when value is not byte[]:
                if (list.Count > 0)
                {
                    AvroBinaryWriter.WriteBlockStart(output, list.Count);
                    for (var i = 0; i < list.Count; i++) Write(output, items, list[i]);
                }
                break;
            default:
                throw Mismatch(new AvroArraySchema(items), value);
        }
        AvroBinaryWriter.WriteBlockEnd(output);
    }

    private static void WriteMap(IBufferWriter<byte> output, AvroMapSchema schema, object? value)
    {
        switch (value)
        {
            case List<KeyValuePair<string, object?>> list:
                if (list.Count > 0)
                {
                    AvroBinaryWriter.WriteBlockStart(output, list.Count);
                    foreach (var (key, item) in list) WriteEntry(output, schema.Values, key, item);
                }
                break;
            case Dictionary<string, object?> dictionary:
                if (dictionary.Count > 0)
                {
                    AvroBinaryWriter.WriteBlockStart(output, dictionary.Count);
                    foreach (var (key, item) in dictionary) WriteEntry(output, schema.Values, key, item);
                }
                break;
            case IReadOnlyCollection<KeyValuePair<string, object?>> entries:
                if (entries.Count > 0)
                {
                    AvroBinaryWriter.WriteBlockStart(output, entries.Count);
                    foreach (var (key, item) in entries) WriteEntry(output, schema.Values, key, item);
                }
                break;
            default:
                throw Mismatch(schema, value);
        }
        AvroBinaryWriter.WriteBlockEnd(output);
    }

    private static void WriteEntry(IBufferWriter<byte> output, AvroSchema values, string key, object? item)
    {
        AvroBinaryWriter.WriteString(output, key);
        Write(output, values, item);
    }

    private static ArgumentException Mismatch(AvroSchema schema, object? value) =>
        new($"value of type {value?.GetType().Name ?? "null"} does not fit Avro schema {Describe(schema)}");

    private static string Describe(AvroSchema schema) => schema switch
    {
        AvroRecordSchema record => $"record {record.FullName}",
        AvroUnionSchema union => "[" + string.Join(", ", union.Branches.Select(Describe)) + "]",
        _ => AvroSchema.PrimitiveName(schema.Type) ?? schema.Type.ToString().ToLowerInvariant(),
    };
}
