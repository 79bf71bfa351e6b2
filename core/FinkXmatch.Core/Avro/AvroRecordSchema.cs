namespace FinkXmatch.Core.Avro;

/// <summary>One field of a record: its name and type, in declaration order.</summary>
public sealed record AvroField(string Name, AvroSchema Schema);

/// <summary>
/// A named record. <see cref="Name"/> is kept as written (Spark/fink write dotted names such as
/// <c>topLevelRecord.candidate</c> with no namespace) so the schema prints back the way it came.
/// </summary>
public sealed class AvroRecordSchema : AvroSchema
{
    private AvroField[] _fields;
    private Dictionary<string, int> _indexByName;

    /// <summary>A record with its fields (the field list may be set later for recursive types).</summary>
    public AvroRecordSchema(string name, string? ns, IEnumerable<AvroField> fields) : base(AvroType.Record)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Namespace = string.IsNullOrEmpty(ns) ? null : ns;
        FullName = name.Contains('.') || Namespace is null ? name : $"{Namespace}.{name}";
        _fields = [];
        _indexByName = [];
        SetFields(fields);
    }

    /// <summary>A record without a namespace (the way fink names its records).</summary>
    public AvroRecordSchema(string name, IEnumerable<AvroField> fields) : this(name, null, fields) { }

    /// <summary>The name as written in the schema JSON.</summary>
    public string Name { get; }

    /// <summary>The namespace (explicit or inherited from the enclosing record when parsed), or null.</summary>
    public string? Namespace { get; }

    /// <summary>The full name used to resolve references (Avro spec: a dotted name is already full).</summary>
    public string FullName { get; }

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<AvroField> Fields => _fields;

    /// <summary>The position of the field named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var i) ? i : -1;

    internal AvroField[] FieldArray => _fields;

    internal void SetFields(IEnumerable<AvroField> fields)
    {
        var array = fields.ToArray();
        var index = new Dictionary<string, int>(array.Length, StringComparer.Ordinal);
        for (var i = 0; i < array.Length; i++)
        {
            if (!index.TryAdd(array[i].Name, i))
                throw new ArgumentException($"record {FullName} has two fields named '{array[i].Name}'");
        }
        _fields = array;
        _indexByName = index;
    }
}
