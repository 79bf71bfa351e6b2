namespace FinkXmatch.Core.Avro;

/// <summary>An array of <see cref="Items"/>.</summary>
public sealed class AvroArraySchema(AvroSchema items) : AvroSchema(AvroType.Array)
{
    /// <summary>The type of each element.</summary>
    public AvroSchema Items { get; } = items;
}

/// <summary>A map from strings to <see cref="Values"/>.</summary>
public sealed class AvroMapSchema(AvroSchema values) : AvroSchema(AvroType.Map)
{
    /// <summary>The type of each value.</summary>
    public AvroSchema Values { get; } = values;
}
