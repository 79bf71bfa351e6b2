using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Xmatch;

/// <summary>Says which requested fields some nights of a job lack (they read as null there), grouped by nights.</summary>
internal static class MissingFields
{
    public static IReadOnlyList<string> Notes(AlertSchema schema, IReadOnlyList<AlertField> fields)
    {
        var byNights = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var field in fields) Visit(field, []);
        return byNights.Select(g => $"{(g.Value.Count == 1 ? "field" : "fields")} {string.Join(", ", g.Value)} missing in {g.Key} (null there)").ToArray();

        // A field missing from a night is listed, not also its members; a member missing where its parent is not, is.
        void Visit(AlertField field, IReadOnlyList<string> parentMissing)
        {
            var nights = schema.NightsWithout(field).Except(parentMissing, StringComparer.Ordinal).ToArray();
            if (nights.Length > 0)
            {
                var key = (nights.Length == 1 ? "night " : "nights ") + string.Join(", ", nights);
                if (!byNights.TryGetValue(key, out var paths)) byNights[key] = paths = [];
                paths.Add(field.Path);
            }
            var missing = nights.Length == 0 ? parentMissing : parentMissing.Concat(nights).ToArray();
            foreach (var child in field.Children) Visit(child, missing);
        }
    }
}
