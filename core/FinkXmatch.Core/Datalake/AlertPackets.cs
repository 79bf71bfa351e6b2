namespace FinkXmatch.Core.Datalake;

/// <summary>The Fink Data Transfer packets (CONTRACT §2): <c>light</c>, <c>medium</c> and <c>full</c>.</summary>
public static class AlertPackets
{
    /// <summary>Packet names, in order of size.</summary>
    public static IReadOnlyList<string> Names { get; } = ["light", "medium", "full"];

    /// <summary>The three cutout columns that <c>medium</c> and <c>light</c> leave out.</summary>
    public static IReadOnlyList<string> Cutouts { get; } = ["cutoutScience", "cutoutTemplate", "cutoutDifference"];

    /// <summary>
    /// The fields of packet <paramref name="name"/> (case-insensitive) for this schema, in output order; <c>light</c>
    /// as the schema's survey cuts it (<see cref="Survey.LightStruct"/>, <see cref="Survey.LightDropped"/>).
    /// </summary>
    /// <exception cref="DatalakeException">Unknown packet name.</exception>
    public static IReadOnlyList<AlertField> Fields(this AlertSchema schema, string name)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return (name ?? "").Trim().ToLowerInvariant() switch
        {
            "full" => schema.TopLevel,
            "medium" => schema.TopLevel.Where(f => !Cutouts.Contains(f.Path)).ToArray(),
            "light" => Light(schema, Survey.Of(schema) ?? Survey.Ztf),
            _ => throw new DatalakeException($"unknown packet '{name}': use one of {string.Join(", ", Names)}"),
        };
    }

    private static AlertField[] Light(AlertSchema schema, Survey survey)
    {
        var members = survey.LightMembers
            .Select(n => schema.TryFind(survey.LightStruct + "." + n, out var f) ? f : null)
            .OfType<AlertField>();
        var rest = schema.TopLevel.Where(f => !Cutouts.Contains(f.Path) && !survey.LightDropped.Contains(f.Path));
        return members.Concat(rest).ToArray();
    }
}
