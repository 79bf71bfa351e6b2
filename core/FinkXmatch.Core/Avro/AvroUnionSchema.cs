namespace FinkXmatch.Core.Avro;

/// <summary>A union of branches; the binary form is the branch index (a long) then the value.</summary>
public sealed class AvroUnionSchema : AvroSchema
{
    private readonly AvroSchema[] _branches;

    /// <summary>A union of the given branches, in order.</summary>
    public AvroUnionSchema(IEnumerable<AvroSchema> branches) : base(AvroType.Union)
    {
        _branches = branches.ToArray();
        if (_branches.Length == 0) throw new ArgumentException("a union needs at least one branch");
        NullIndex = Array.FindIndex(_branches, b => b.Type == AvroType.Null);
        if (_branches.Any(b => b.Type == AvroType.Union)) throw new ArgumentException("a union cannot contain a union");
        // The common Spark shape [T, "null"] gets a precomputed branch for non-null values.
        SingleValueIndex = _branches.Length == 2 && NullIndex >= 0 ? 1 - NullIndex : -1;
    }

    /// <summary>The branches in order.</summary>
    public IReadOnlyList<AvroSchema> Branches => _branches;

    /// <summary>The index of the <c>"null"</c> branch, or -1.</summary>
    public int NullIndex { get; }

    /// <summary>For a two-branch union with null, the index of the other branch; otherwise -1.</summary>
    public int SingleValueIndex { get; }

    internal AvroSchema[] BranchArray => _branches;
}
