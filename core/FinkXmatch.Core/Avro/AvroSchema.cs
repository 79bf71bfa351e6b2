namespace FinkXmatch.Core.Avro;

/// <summary>
/// A node of an Avro schema tree. Primitives are shared singletons; records, arrays, maps and unions are
/// their own subclasses. Parse one with <see cref="AvroSchemaParser"/>, print one with <see cref="AvroSchemaJson"/>.
/// </summary>
public abstract class AvroSchema
{
    private protected AvroSchema(AvroType type) => Type = type;

    /// <summary>The kind of this node.</summary>
    public AvroType Type { get; }

    /// <summary>The <c>"null"</c> type.</summary>
    public static AvroSchema Null { get; } = new AvroPrimitiveSchema(AvroType.Null);
    /// <summary>The <c>"boolean"</c> type.</summary>
    public static AvroSchema Boolean { get; } = new AvroPrimitiveSchema(AvroType.Boolean);
    /// <summary>The <c>"int"</c> type.</summary>
    public static AvroSchema Int { get; } = new AvroPrimitiveSchema(AvroType.Int);
    /// <summary>The <c>"long"</c> type.</summary>
    public static AvroSchema Long { get; } = new AvroPrimitiveSchema(AvroType.Long);
    /// <summary>The <c>"float"</c> type.</summary>
    public static AvroSchema Float { get; } = new AvroPrimitiveSchema(AvroType.Float);
    /// <summary>The <c>"double"</c> type.</summary>
    public static AvroSchema Double { get; } = new AvroPrimitiveSchema(AvroType.Double);
    /// <summary>The <c>"bytes"</c> type.</summary>
    public static AvroSchema Bytes { get; } = new AvroPrimitiveSchema(AvroType.Bytes);
    /// <summary>The <c>"string"</c> type.</summary>
    public static AvroSchema String { get; } = new AvroPrimitiveSchema(AvroType.String);

    /// <summary>The primitive schema for <paramref name="type"/>.</summary>
    public static AvroSchema Primitive(AvroType type) => type switch
    {
        AvroType.Null => Null,
        AvroType.Boolean => Boolean,
        AvroType.Int => Int,
        AvroType.Long => Long,
        AvroType.Float => Float,
        AvroType.Double => Double,
        AvroType.Bytes => Bytes,
        AvroType.String => String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a primitive Avro type"),
    };

    /// <summary>The Avro name of a primitive type (<c>"long"</c>, ...), or null for complex types.</summary>
    public static string? PrimitiveName(AvroType type) => type switch
    {
        AvroType.Null => "null",
        AvroType.Boolean => "boolean",
        AvroType.Int => "int",
        AvroType.Long => "long",
        AvroType.Float => "float",
        AvroType.Double => "double",
        AvroType.Bytes => "bytes",
        AvroType.String => "string",
        _ => null,
    };

    /// <summary>Spark's nullable column type: the union <c>[T, "null"]</c>, null second.</summary>
    public static AvroUnionSchema Nullable(AvroSchema type) => new([type, Null]);

    /// <summary>The compact JSON of this schema (see <see cref="AvroSchemaJson"/>).</summary>
    public override string ToString() => AvroSchemaJson.Write(this, AvroJsonStyle.Compact);
}

/// <summary>A primitive type; use the singletons on <see cref="AvroSchema"/>.</summary>
public sealed class AvroPrimitiveSchema : AvroSchema
{
    internal AvroPrimitiveSchema(AvroType type) : base(type) { }
}
