namespace FinkXmatch.Core.Datalake;

/// <summary>The Fink Data Transfer packets (CONTRACT §2): <c>light</c>, <c>medium</c> and <c>full</c>.</summary>
public static class AlertPackets
{
    /// <summary>Packet names, in order of size.</summary>
    public static IReadOnlyList<string> Names { get; } = ["light", "medium", "full"];

    /// <summary>The three cutout columns that <c>medium</c> and <c>light</c> leave out.</summary>
    public static IReadOnlyList<string> Cutouts { get; } = ["cutoutScience", "cutoutTemplate", "cutoutDifference"];

    /// <summary>The <c>candidate</c> members that <c>light</c> keeps.</summary>
    public static IReadOnlyList<string> LightCandidateFields { get; } = ["magpsf", "sigmapsf", "fid", "jd", "ra", "dec", "ssnamenr"];

    /// <summary>The fields of packet <paramref name="name"/> (case-insensitive) for this schema, in output order.</summary>
    /// <exception cref="DatalakeException">Unknown packet name.</exception>
    public static IReadOnlyList<AlertField> Fields(this AlertSchema schema, string name)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return (name ?? "").Trim().ToLowerInvariant() switch
        {
            "full" => schema.TopLevel,
            "medium" => schema.TopLevel.Where(f => !Cutouts.Contains(f.Path)).ToArray(),
            "light" => Light(schema),
            _ => throw new DatalakeException($"unknown packet '{name}': use one of {string.Join(", ", Names)}"),
        };
    }

    private static AlertField[] Light(AlertSchema schema)
    {
        var candidate = LightCandidateFields
            .Select(n => schema.TryFind("candidate." + n, out var f) ? f : null)
            .OfType<AlertField>();
        var rest = schema.TopLevel.Where(f => !Cutouts.Contains(f.Path) && f.Path is not "candidate" and not "prv_candidates");
        return candidate.Concat(rest).ToArray();
    }
}
