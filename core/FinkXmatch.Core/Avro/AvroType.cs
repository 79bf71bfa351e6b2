namespace FinkXmatch.Core.Avro;

/// <summary>The Avro schema kinds this library reads and writes (Spark's <c>to_avro</c> never emits enum or fixed).</summary>
public enum AvroType
{
    /// <summary><c>"null"</c></summary>
    Null,
    /// <summary><c>"boolean"</c></summary>
    Boolean,
    /// <summary><c>"int"</c>: 32-bit zig-zag varint.</summary>
    Int,
    /// <summary><c>"long"</c>: 64-bit zig-zag varint.</summary>
    Long,
    /// <summary><c>"float"</c>: 4 bytes little-endian.</summary>
    Float,
    /// <summary><c>"double"</c>: 8 bytes little-endian.</summary>
    Double,
    /// <summary><c>"bytes"</c>: length-prefixed.</summary>
    Bytes,
    /// <summary><c>"string"</c>: length-prefixed UTF-8.</summary>
    String,
    /// <summary>A named record of ordered fields.</summary>
    Record,
    /// <summary>An array, written in blocks.</summary>
    Array,
    /// <summary>A map with string keys, written in blocks.</summary>
    Map,
    /// <summary>A union: branch index then the value.</summary>
    Union,
}
